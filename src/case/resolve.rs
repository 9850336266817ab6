//! Resolution of a case file into a [`Case`]: defaults applied (region, dataset,
//! calendar, floor rule), user uses checked, every parcel's floor resolved by use
//! (district-a.md §1: site × coverage × FAR × build-out), and every alternative built from
//! its parcels or from changes to another alternative — each error at its field path.

use super::{
    did_you_mean, Alternative, Case, CaseFile, Parcel, ParcelSpec, ReplaceSpec, SourceMap,
    UseFloor, UseShares, MAX_FAR_PCT,
};
use crate::error::Result;
use crate::i18n::Local;
use crate::library::Library;
use crate::limits::{self, MAX_AREA_M2, MAX_PARCEL_FLOOR_M2, MAX_SHARE};
use std::collections::{BTreeSet, HashMap, HashSet};
use std::sync::Arc;

/// A number in (0, `max`] (`unit` names the unit of `max` in the message).
fn check_positive(
    map: &SourceMap,
    path: &str,
    v: f64,
    what: &str,
    max: f64,
    unit: &str,
) -> Result<()> {
    if !v.is_finite() || v <= 0.0 || v > max {
        return Err(map.error(
            path,
            format!(
                "{what} must be a positive number up to {max} {unit}, got {}",
                limits::show(v)
            ),
        ));
    }
    Ok(())
}

/// A number in [0, `max`].
fn check_non_negative(map: &SourceMap, path: &str, v: f64, what: &str, max: f64) -> Result<()> {
    if !v.is_finite() || v < 0.0 || v > max {
        return Err(map.error(
            path,
            format!("{what} must be in [0, {max}], got {}", limits::show(v)),
        ));
    }
    Ok(())
}

/// An id: non-empty, at most `MAX_ID_CHARS` characters, no control characters.
pub(super) fn check_id(map: &SourceMap, path: &str, id: &str) -> Result<()> {
    match limits::bad_id(id) {
        Some(m) => Err(map.error(path, m)),
        None => Ok(()),
    }
}

/// A name or description of at most `MAX_TEXT_CHARS` characters.
/// [`check_text`] for a name or description given plainly or per language.
fn check_local(map: &SourceMap, path: &str, text: Option<&crate::i18n::Local>) -> Result<()> {
    if let Some(t) = text {
        for lang in [crate::i18n::Lang::En, crate::i18n::Lang::Ja] {
            check_text(map, path, Some(t.text(lang)))?;
        }
    }
    Ok(())
}

fn check_text(map: &SourceMap, path: &str, text: Option<&str>) -> Result<()> {
    match text.and_then(limits::long_text) {
        Some(m) => Err(map.error(path, m)),
        None => Ok(()),
    }
}

/// At most `max` items of a list (checked before the items are resolved).
fn check_count(map: &SourceMap, path: &str, n: usize, max: usize, what: &str) -> Result<()> {
    if n > max {
        return Err(map.error(
            path,
            format!("{n} {what}; a case may have at most {max} (see `kukaku library`, limits)"),
        ));
    }
    Ok(())
}

/// Add `v` m² of use `u` to a parcel's floor.
fn add_floor(floor: &mut UseFloor, u: &Arc<str>, v: f64) {
    match floor.iter_mut().find(|(x, _)| x == u) {
        Some((_, f)) => *f += v,
        None => floor.push((u.clone(), v)),
    }
}

fn check_fraction(map: &SourceMap, path: &str, v: f64, what: &str) -> Result<()> {
    if !v.is_finite() || v <= 0.0 || v > 1.0 {
        return Err(map.error(
            path,
            format!("{what} must be a fraction in (0, 1], got {v} (write 0.8 for 80 %)"),
        ));
    }
    Ok(())
}

/// Resolve a parsed case file (`path` names it) against the library.
pub(super) fn resolve(
    path: &str,
    mut raw: CaseFile,
    map: &SourceMap,
    lib: &Library,
) -> Result<Case> {
    let mut overrides = vec![];
    if raw.name.en().trim().is_empty() {
        return Err(map.error("name", "the case needs a name"));
    }
    check_local(map, "name", Some(&raw.name))?;
    check_text(map, "name_ja", raw.name_ja.as_deref())?;
    check_local(map, "description", raw.description.as_ref())?;
    check_count(
        map,
        "alternatives",
        raw.alternatives.len(),
        limits::MAX_ALTERNATIVES,
        "alternatives",
    )?;
    check_count(
        map,
        "uses",
        raw.uses.len(),
        limits::MAX_USER_USES,
        "user-defined uses",
    )?;
    check_count(
        map,
        "sources",
        raw.sources.len(),
        limits::MAX_SOURCES,
        "sources",
    )?;
    let written: usize = raw
        .alternatives
        .iter()
        .map(|a| {
            a.parcels.as_ref().map_or(0, Vec::len)
                + a.add_parcels.len()
                + a.external.as_ref().map_or(0, Vec::len)
        })
        .sum();
    check_count(
        map,
        "alternatives",
        written,
        limits::MAX_PARCELS_WRITTEN,
        "parcels written",
    )?;
    let region = region(&raw, map, lib)?;
    let dataset = raw
        .dataset
        .clone()
        .unwrap_or_else(|| lib.default_dataset.clone());
    if !lib.datasets.contains_key(&dataset) {
        return Err(map.error(
            "dataset",
            format!(
                "unknown dataset `{dataset}`; known: {}",
                lib.datasets.keys().cloned().collect::<Vec<_>>().join(", ")
            ),
        ));
    }
    if raw.dataset.is_some() && dataset != lib.default_dataset {
        overrides.push((
            "dataset".into(),
            dataset.clone(),
            lib.default_dataset.clone(),
        ));
    }
    let calendar_year = raw
        .calendar
        .as_ref()
        .and_then(|c| c.year)
        .unwrap_or(lib.reference_calendar.year.value as i32);
    if !(1980..=2099).contains(&calendar_year) {
        return Err(map.error(
            "calendar.year",
            format!("calendar year must be 1980–2099 (holiday rules), got {calendar_year}"),
        ));
    }
    let year_end_break = raw
        .calendar
        .as_ref()
        .and_then(|c| c.year_end_break)
        .unwrap_or(lib.reference_calendar.year_end_break.value);
    let (district_area_m2, coverage_default, buildout_default) =
        district(&raw, map, lib, &mut overrides)?;
    check_user_uses(&raw, map, lib)?;
    // The parcel lists leave the raw file: each parcel is resolved once into its compact form.
    let mut lists: Vec<ParcelLists> = raw
        .alternatives
        .iter_mut()
        .map(|a| ParcelLists {
            parcels: a.parcels.take(),
            add: std::mem::take(&mut a.add_parcels),
            external: a.external.take(),
        })
        .collect();
    let r = Resolver {
        map,
        lib,
        use_names: lib.uses.keys().chain(raw.uses.keys()).cloned().collect(),
        use_ids: lib
            .uses
            .keys()
            .chain(raw.uses.keys())
            .map(|u| (u.clone(), Arc::from(u.as_str())))
            .collect(),
        district_area_m2,
        coverage_default,
        buildout_default,
    };
    if raw.alternatives.is_empty() {
        return Err(map.error("alternatives", "the case has no alternatives"));
    }
    let mut alts: Vec<Alternative> = vec![];
    let mut resolved = 0usize;
    for (i, (a, l)) in raw.alternatives.iter().zip(lists.iter_mut()).enumerate() {
        let alt = r.alternative(i, a, std::mem::take(l), &alts)?;
        resolved += alt.parcels.len() + alt.external.len();
        check_count(
            map,
            &format!("alternatives[{i}]"),
            resolved,
            limits::MAX_PARCELS_WRITTEN,
            "parcels in the alternatives up to this one (inherited ones counted again)",
        )?;
        alts.push(alt);
    }
    let base = match &raw.base {
        Some(b) => {
            if !alts.iter().any(|a| &a.id == b) {
                return Err(map.error("base", format!("base `{b}` is not an alternative id")));
            }
            b.clone()
        }
        None => alts[0].id.clone(),
    };
    let dir = std::path::Path::new(path)
        .parent()
        .map(|p| p.to_path_buf())
        .unwrap_or_default();
    Ok(Case {
        path: path.to_string(),
        dir,
        allow_outside_imports: false,
        region,
        dataset,
        calendar_year,
        year_end_break,
        district_area_m2,
        alternatives: alts,
        base,
        overrides,
        raw,
    })
}

/// The case's region id (an alias resolved), default from the library.
fn region(raw: &CaseFile, map: &SourceMap, lib: &Library) -> Result<String> {
    let region_in = raw
        .region
        .clone()
        .unwrap_or_else(|| lib.default_region.value.clone());
    match lib.region(&region_in) {
        Some((id, _)) => Ok(id.to_string()),
        None => {
            let names: Vec<&str> = lib
                .regions
                .keys()
                .chain(lib.region_aliases.keys())
                .map(String::as_str)
                .collect();
            let hint = did_you_mean(&region_in, names.iter().copied())
                .map(|b| format!(" — did you mean `{b}`?"))
                .unwrap_or_default();
            Err(map.error(
                "region",
                format!(
                    "unknown region `{region_in}`; known: {}{hint}",
                    lib.regions.keys().cloned().collect::<Vec<_>>().join(", ")
                ),
            ))
        }
    }
}

/// The district's gross area (m²) and its floor-rule defaults (coverage, build-out),
/// recording the overrides of library defaults.
fn district(
    raw: &CaseFile,
    map: &SourceMap,
    lib: &Library,
    overrides: &mut Vec<(String, String, String)>,
) -> Result<(f64, f64, f64)> {
    let d = &raw.district;
    let district_area_m2 = match (d.gross_area_m2, d.gross_area_ha) {
        (Some(_), Some(_)) => return Err(map.error("district.gross_area_ha", "give either gross_area_m2 or gross_area_ha, not both")),
        (Some(m2), None) => {
            check_positive(map, "district.gross_area_m2", m2, "gross area", MAX_AREA_M2, "m²")?;
            m2
        }
        (None, Some(ha)) => {
            check_positive(map, "district.gross_area_ha", ha, "gross area", MAX_AREA_M2 / 10_000.0, "ha")?;
            ha * 10_000.0
        }
        (None, None) => return Err(map.error("district", "the district needs its gross area (gross_area_m2 or gross_area_ha), roads and parks included")),
    };
    if let Some(c) = d.coverage {
        check_fraction(map, "district.coverage", c, "building coverage")?;
        overrides.push((
            "district.coverage".into(),
            c.to_string(),
            lib.floor_rule.coverage.value.to_string(),
        ));
    }
    check_local(map, "district.name", d.name.as_ref())?;
    if let Some(b) = d.buildout {
        check_fraction(map, "district.buildout", b, "build-out yield")?;
        overrides.push((
            "district.buildout".into(),
            b.to_string(),
            lib.floor_rule.buildout.value.to_string(),
        ));
    }
    let coverage_default = d.coverage.unwrap_or(lib.floor_rule.coverage.value);
    let buildout_default = d.buildout.unwrap_or(lib.floor_rule.buildout.value);

    Ok((district_area_m2, coverage_default, buildout_default))
}

/// Check the user-defined uses: new ids or real overrides, known base uses and carriers,
/// valid shapes.
fn check_user_uses(raw: &CaseFile, map: &SourceMap, lib: &Library) -> Result<()> {
    for (id, u) in &raw.uses {
        let p = format!("uses.{id}");
        check_id(map, &p, id)?;
        check_text(map, &format!("{p}.label"), u.label.as_deref())?;
        check_text(map, &format!("{p}.label_ja"), u.label_ja.as_deref())?;
        check_text(map, &format!("{p}.source"), u.source.as_deref())?;
        for (c, m) in &u.measured {
            if let Some(f) = m.floor_m2 {
                check_positive(
                    map,
                    &format!("{p}.measured.{c}.floor_m2"),
                    f,
                    "floor area",
                    MAX_PARCEL_FLOOR_M2,
                    "m²",
                )?;
            }
        }
        if lib.uses.contains_key(id)
            && u.like.is_none()
            && u.shapes.is_empty()
            && u.measured.is_empty()
            && u.annual_kwh_m2.is_empty()
            && u.sizing_w_m2.is_empty()
            && u.intensity.is_none()
        {
            return Err(map.error(
                &p,
                format!("`{id}` is a built-in use; a user use needs a new id or some override"),
            ));
        }
        for (field, base) in [("like", &u.like), ("intensity", &u.intensity)] {
            if let Some(b) = base {
                if !lib.uses.contains_key(b)
                    && !lib.datasets.values().any(|ds| ds.rows.contains_key(b))
                {
                    let hint = did_you_mean(b, lib.uses.keys().map(String::as_str))
                        .map(|s| format!(" — did you mean `{s}`?"))
                        .unwrap_or_default();
                    return Err(map.error(
                        &format!("{p}.{field}"),
                        format!("unknown built-in use `{b}`{hint}"),
                    ));
                }
            }
        }
        if u.like.is_none()
            && !lib.uses.contains_key(id)
            && u.shapes.len() < 4
            && u.measured.len() < 4
        {
            return Err(map.error(
                &p,
                "a user use needs `like: <built-in use>` for the shapes it does not define itself",
            ));
        }
        for (field, m, max) in [
            (
                "annual_kwh_m2",
                &u.annual_kwh_m2,
                limits::MAX_INTENSITY_KWH_M2,
            ),
            ("sizing_w_m2", &u.sizing_w_m2, limits::MAX_SIZING_W_M2),
        ] {
            for (c, v) in m {
                let fp = format!("{p}.{field}.{c}");
                if crate::carrier::Carrier::from_id(c).is_none() {
                    return Err(map.error(
                        &fp,
                        format!(
                            "unknown carrier `{c}`; use heating, hot_water, cooling or electricity"
                        ),
                    ));
                }
                check_non_negative(map, &fp, *v, field, max)?;
            }
        }
        for c in u.shapes.keys().chain(u.measured.keys()) {
            if crate::carrier::Carrier::from_id(c).is_none() {
                return Err(map.error(&format!("{p}.shapes.{c}"), format!("unknown carrier `{c}`")));
            }
        }
        for (c, s) in &u.shapes {
            crate::library::validate_shape(s, &lib.profiles.seasons)
                .map_err(|e| map.error(&format!("{p}.shapes.{c}"), e))?;
        }
    }
    Ok(())
}

/// The parcel lists of one alternative as written, taken out of the raw file.
#[derive(Default)]
struct ParcelLists {
    parcels: Option<Vec<ParcelSpec>>,
    add: Vec<ParcelSpec>,
    external: Option<Vec<ParcelSpec>>,
}

/// Resolves parcels and alternatives of one case.
struct Resolver<'a> {
    map: &'a SourceMap,
    lib: &'a Library,
    /// Built-in and user use ids (for hints).
    use_names: Vec<String>,
    /// Every valid use id, shared by the parcels.
    use_ids: HashMap<String, Arc<str>>,
    /// Gross district area, m².
    district_area_m2: f64,
    /// Building coverage when a parcel gives none.
    coverage_default: f64,
    /// Build-out yield when a parcel gives none.
    buildout_default: f64,
}

impl Resolver<'_> {
    /// A use id must be built-in or defined under `uses:`; its shared id.
    fn check_use(&self, p: &str, u: &str) -> Result<Arc<str>> {
        if let Some(id) = self.use_ids.get(u) {
            Ok(id.clone())
        } else {
            let hint = did_you_mean(u, self.use_names.iter().map(String::as_str))
                .map(|s| format!(" — did you mean `{s}`?"))
                .unwrap_or_default();
            Err(self.map.error(
                p,
                format!(
                    "unknown use `{u}`{hint}; built-in uses: {} (define others under `uses:`)",
                    self.lib.uses.keys().cloned().collect::<Vec<_>>().join(", ")
                ),
            ))
        }
    }

    /// A parcel at field path `p` with its floor resolved by use.
    fn parcel(&self, p: &str, s: ParcelSpec) -> Result<Parcel> {
        check_id(self.map, &format!("{p}.id"), &s.id)?;
        check_local(self.map, &format!("{p}.name"), s.name.as_ref())?;
        let site = match (s.site_area_m2, s.site_area_ha) {
            (Some(_), Some(_)) => {
                return Err(self.map.error(
                    &format!("{p}.site_area_ha"),
                    "give either site_area_m2 or site_area_ha, not both",
                ))
            }
            (Some(v), None) => {
                check_positive(
                    self.map,
                    &format!("{p}.site_area_m2"),
                    v,
                    "site area",
                    MAX_AREA_M2,
                    "m²",
                )?;
                Some(v)
            }
            (None, Some(v)) => {
                check_positive(
                    self.map,
                    &format!("{p}.site_area_ha"),
                    v,
                    "site area",
                    MAX_AREA_M2 / 10_000.0,
                    "ha",
                )?;
                Some(v * 10_000.0)
            }
            (None, None) => None,
        };
        if let Some(far) = s.far_pct {
            if !far.is_finite() || far <= 0.0 || far > MAX_FAR_PCT {
                return Err(self.map.error(&format!("{p}.far_pct"), format!("designated FAR must be in (0, {MAX_FAR_PCT}] %, got {far} (write 600 for 600 %)")));
            }
        }
        if let Some(c) = s.coverage {
            check_fraction(self.map, &format!("{p}.coverage"), c, "building coverage")?;
        }
        if let Some(b) = s.buildout {
            if !b.is_finite() || b <= 0.0 || b > 1.0 {
                return Err(self.map.error(&format!("{p}.buildout"), format!("build-out yield is the share of the designated FAR taken up, in (0, 1], got {b}")));
            }
        }
        let (floor, coverage, buildout) = match (s.floor_m2, site, s.far_pct) {
            (Some(f), _, _) => {
                check_positive(self.map, &format!("{p}.floor_m2"), f, "floor area", MAX_PARCEL_FLOOR_M2, "m²")?;
                (f, None, None)
            }
            (None, Some(site), Some(far)) => {
                let c = s.coverage.unwrap_or(self.coverage_default);
                let b = s.buildout.unwrap_or(self.buildout_default);
                (site * c * far / 100.0 * b, Some(c), Some(b))
            }
            (None, Some(_), None) => return Err(self.map.error(p, "the parcel has a site area but no `far_pct` (designated FAR, %); give it, or give floor_m2")),
            (None, None, _) => return Err(self.map.error(p, "the parcel needs floor_m2, or site_area_m2 (or _ha) with far_pct")),
        };
        let mut by_use = UseFloor::new();
        match (&s.use_id, &s.uses) {
            (Some(_), Some(_)) => {
                return Err(self.map.error(
                    &format!("{p}.uses"),
                    "give either `use` or `uses`, not both",
                ))
            }
            (Some(u), None) => {
                let id = self.check_use(&format!("{p}.use"), u)?;
                by_use.push((id, floor));
            }
            (None, Some(shares)) => {
                if shares.is_empty() {
                    return Err(self.map.error(&format!("{p}.uses"), "`uses` is empty"));
                }
                let mut ids = vec![];
                for (u, sh) in shares {
                    ids.push(self.check_use(&format!("{p}.uses.{u}"), u)?);
                    check_non_negative(
                        self.map,
                        &format!("{p}.uses.{u}"),
                        *sh,
                        "share",
                        MAX_SHARE,
                    )?;
                }
                let total: f64 = shares.values().sum();
                if total <= 0.0 {
                    return Err(self.map.error(&format!("{p}.uses"), "use shares sum to 0"));
                }
                for (id, sh) in ids.into_iter().zip(shares.values()) {
                    if *sh > 0.0 {
                        by_use.push((id, floor * sh / total));
                    }
                }
            }
            (None, None) => {
                return Err(self
                    .map
                    .error(p, "the parcel needs `use: <id>` or `uses: {id: share, …}`"))
            }
        }
        if let Some(dw) = s.dwellings {
            check_non_negative(
                self.map,
                &format!("{p}.dwellings"),
                dw,
                "dwelling count",
                limits::MAX_PARCEL_DWELLINGS,
            )?;
        }
        let xy_m = match (s.x_m, s.y_m) {
            (Some(x), Some(y)) => Some([x, y]),
            (None, None) => None,
            _ => return Err(self.map.error(
                &format!("{p}.{}", if s.x_m.is_some() { "y_m" } else { "x_m" }),
                "a parcel's position needs both `x_m` and `y_m` (m east and north of any origin)",
            )),
        };
        Ok(Parcel {
            id: s.id,
            name: s.name,
            xy_m,
            site_area_m2: site,
            coverage,
            far_pct: s.far_pct,
            buildout,
            floor_by_use_m2: by_use,
            dwellings: s.dwellings,
        })
    }

    /// The parcels of the list at field path `p`.
    fn parcels(&self, p: &str, list: Vec<ParcelSpec>) -> Result<Vec<Parcel>> {
        check_count(
            self.map,
            p,
            list.len(),
            limits::MAX_PARCELS,
            "parcels in one list",
        )?;
        let mut out = Vec::with_capacity(list.len());
        for (j, s) in list.into_iter().enumerate() {
            out.push(self.parcel(&format!("{p}[{j}]"), s)?);
        }
        Ok(out)
    }

    /// Move a share of some uses' floor to other uses in every parcel (`rp`: the
    /// replacement's field path).
    fn replace(&self, rp: &str, r: &ReplaceSpec, parcels: &mut [Parcel]) -> Result<()> {
        let share = r.share.unwrap_or(1.0);
        if !share.is_finite() || !(0.0..=1.0).contains(&share) {
            return Err(self.map.error(
                &format!("{rp}.share"),
                format!("share must be in [0, 1], got {share}"),
            ));
        }
        let from_names = r.from.to_vec();
        let mut from = vec![];
        for u in &from_names {
            from.push(self.check_use(&format!("{rp}.from"), u)?);
        }
        let to_named: Vec<(String, f64)> = match &r.to {
            UseShares::One(u) => vec![(u.clone(), 1.0)],
            UseShares::Shares(m) => m.iter().map(|(k, v)| (k.clone(), *v)).collect(),
        };
        let mut to = vec![];
        for (u, sh) in &to_named {
            let id = self.check_use(&format!("{rp}.to"), u)?;
            check_non_negative(self.map, &format!("{rp}.to.{u}"), *sh, "share", MAX_SHARE)?;
            to.push((id, *sh));
        }
        let tot: f64 = to.iter().map(|x| x.1).sum();
        if tot <= 0.0 {
            return Err(self
                .map
                .error(&format!("{rp}.to"), "target shares sum to 0"));
        }
        let mut moved_any = false;
        for parcel in parcels.iter_mut() {
            let floor = &mut parcel.floor_by_use_m2;
            let mut moved = 0.0;
            for (u, f) in floor.iter_mut() {
                if from.contains(u) {
                    let m = *f * share;
                    *f -= m;
                    moved += m;
                }
            }
            if moved > 0.0 {
                moved_any = true;
                for (u, sh) in &to {
                    add_floor(floor, u, moved * sh / tot);
                }
            }
            floor.retain(|(_, v)| *v > 0.0);
        }
        if !moved_any && share > 0.0 {
            return Err(self.map.error(
                &format!("{rp}.from"),
                format!(
                    "no parcel has floor of {} to replace",
                    from_names.join(", ")
                ),
            ));
        }
        Ok(())
    }

    /// The alternative `a` (index `i`), built from its parcels or from an alternative
    /// defined above it (`alts`).
    fn alternative(
        &self,
        i: usize,
        a: &super::AlternativeSpec,
        lists: ParcelLists,
        alts: &[Alternative],
    ) -> Result<Alternative> {
        let p = format!("alternatives[{i}]");
        check_id(self.map, &format!("{p}.id"), &a.id)?;
        check_local(self.map, &format!("{p}.name"), a.name.as_ref())?;
        check_local(
            self.map,
            &format!("{p}.description"),
            a.description.as_ref(),
        )?;
        check_count(
            self.map,
            &format!("{p}.systems"),
            a.systems.len(),
            limits::MAX_SYSTEMS,
            "systems in one alternative",
        )?;
        if alts.iter().any(|x| x.id == a.id) {
            return Err(self.map.error(
                &format!("{p}.id"),
                format!("duplicate alternative id `{}`", a.id),
            ));
        }
        let (mut parcels, mut external, mut area, mut systems) = match &a.from {
            Some(f) => match alts.iter().find(|x| &x.id == f) {
                Some(b) => (
                    b.parcels.clone(),
                    b.external.clone(),
                    b.district_area_m2,
                    b.systems.clone(),
                ),
                None => {
                    let ids: Vec<&str> = alts.iter().map(|x| x.id.as_str()).collect();
                    let hint = did_you_mean(f, ids.iter().copied())
                        .map(|s| format!(" — did you mean `{s}`?"))
                        .unwrap_or_default();
                    return Err(self.map.error(
                        &format!("{p}.from"),
                        format!(
                            "`from: {f}` must name an alternative defined above this one{hint}"
                        ),
                    ));
                }
            },
            None => (
                Arc::new(vec![]),
                Arc::new(vec![]),
                self.district_area_m2,
                vec![],
            ),
        };
        if let Some(list) = lists.parcels {
            parcels = Arc::new(self.parcels(&format!("{p}.parcels"), list)?);
        } else if a.from.is_none() {
            return Err(self.map.error(
                &p,
                "an alternative needs `parcels:` or `from: <alternative>`",
            ));
        }
        if !a.remove_parcels.is_empty() {
            let present: HashSet<&str> = parcels.iter().map(|x| x.id.as_str()).collect();
            for (j, r) in a.remove_parcels.iter().enumerate() {
                if !present.contains(r.as_str()) {
                    return Err(self.map.error(
                        &format!("{p}.remove_parcels[{j}]"),
                        format!("no parcel `{r}` to remove"),
                    ));
                }
            }
            let gone: HashSet<&String> = a.remove_parcels.iter().collect();
            Arc::make_mut(&mut parcels).retain(|x| !gone.contains(&x.id));
        }
        if !lists.add.is_empty() {
            let added = self.parcels(&format!("{p}.add_parcels"), lists.add)?;
            Arc::make_mut(&mut parcels).extend(added);
        }
        check_count(
            self.map,
            &p,
            parcels.len(),
            limits::MAX_PARCELS,
            "parcels in this alternative",
        )?;
        for (j, r) in a.replace.iter().enumerate() {
            self.replace(
                &format!("{p}.replace[{j}]"),
                r,
                Arc::make_mut(&mut parcels).as_mut_slice(),
            )?;
        }
        if let Some(k) = a.scale {
            check_positive(
                self.map,
                &format!("{p}.scale"),
                k,
                "density scale",
                limits::MAX_SCALE,
                "×",
            )?;
            for parcel in Arc::make_mut(&mut parcels).iter_mut() {
                for (_, v) in parcel.floor_by_use_m2.iter_mut() {
                    *v *= k;
                }
                if let Some(b) = parcel.buildout.as_mut() {
                    *b *= k;
                }
                if let Some(dw) = parcel.dwellings.as_mut() {
                    *dw *= k;
                }
            }
        }
        if let Some(ext) = lists.external {
            external = Arc::new(self.parcels(&format!("{p}.external"), ext)?);
        }
        if let Some(ar) = a.district_area_m2 {
            check_positive(
                self.map,
                &format!("{p}.district_area_m2"),
                ar,
                "district area",
                MAX_AREA_M2,
                "m²",
            )?;
            area = ar;
        }
        if !a.systems.is_empty() {
            systems = a
                .systems
                .iter()
                .enumerate()
                .map(|(j, v)| (format!("{p}.systems[{j}]"), v.clone()))
                .collect();
        }
        let mut seen = BTreeSet::new();
        for (j, parcel) in parcels.iter().enumerate() {
            if !seen.insert(parcel.id.as_str()) {
                return Err(self.map.error(
                    &format!("{p}.parcels[{j}].id"),
                    format!("duplicate parcel id `{}`", parcel.id),
                ));
            }
        }
        let alt = Alternative {
            id: a.id.clone(),
            name: a.name.clone().unwrap_or_else(|| Local::Plain(a.id.clone())),
            description: a.description.clone(),
            district_area_m2: area,
            parcels,
            external,
            systems,
        };
        if alt.floor_m2() <= 0.0 {
            return Err(self
                .map
                .error(&p, format!("alternative `{}` has no floor area", a.id)));
        }
        let far = alt.gross_far();
        if far > MAX_FAR_PCT / 100.0 {
            return Err(self.map.error(&p, format!("gross FAR {:.0} % exceeds {MAX_FAR_PCT} %: check the district area and the parcels' floor", far * 100.0)));
        }
        Ok(alt)
    }
}
