//! Resolution of a case file into a [`Case`]: defaults applied (region, dataset,
//! calendar, floor rule), user uses checked, every parcel's floor resolved by use
//! (district-a.md §1: site × coverage × FAR × build-out), and every alternative built from
//! its parcels or from changes to another alternative — each error at its field path.

use super::{
    did_you_mean, Alternative, Case, CaseFile, Parcel, ParcelSpec, ReplaceSpec, SourceMap,
    UseShares, MAX_FAR_PCT,
};
use crate::error::Result;
use crate::i18n::Local;
use crate::library::Library;
use std::collections::BTreeMap;

fn check_positive(map: &SourceMap, path: &str, v: f64, what: &str) -> Result<()> {
    if !v.is_finite() || v <= 0.0 {
        return Err(map.error(path, format!("{what} must be a positive number, got {v}")));
    }
    Ok(())
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
pub(super) fn resolve(path: &str, raw: CaseFile, map: &SourceMap, lib: &Library) -> Result<Case> {
    let mut overrides = vec![];
    if raw.name.en().trim().is_empty() {
        return Err(map.error("name", "the case needs a name"));
    }
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
    let r = Resolver {
        map,
        lib,
        raw: &raw,
        use_names: lib.uses.keys().chain(raw.uses.keys()).cloned().collect(),
        district_area_m2,
        coverage_default,
        buildout_default,
    };
    if raw.alternatives.is_empty() {
        return Err(map.error("alternatives", "the case has no alternatives"));
    }
    let mut alts: Vec<Alternative> = vec![];
    for (i, a) in raw.alternatives.iter().enumerate() {
        let alt = r.alternative(i, a, &alts)?;
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
            check_positive(map, "district.gross_area_m2", m2, "gross area")?;
            m2
        }
        (None, Some(ha)) => {
            check_positive(map, "district.gross_area_ha", ha, "gross area")?;
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
    if let Some(b) = d.buildout {
        check_positive(map, "district.buildout", b, "build-out yield")?;
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
        for (field, m) in [
            ("annual_kwh_m2", &u.annual_kwh_m2),
            ("sizing_w_m2", &u.sizing_w_m2),
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
                if !v.is_finite() || *v < 0.0 {
                    return Err(map.error(&fp, format!("must be ≥ 0, got {v}")));
                }
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

/// Resolves parcels and alternatives of one case.
struct Resolver<'a> {
    map: &'a SourceMap,
    lib: &'a Library,
    raw: &'a CaseFile,
    /// Built-in and user use ids (for hints).
    use_names: Vec<String>,
    /// Gross district area, m².
    district_area_m2: f64,
    /// Building coverage when a parcel gives none.
    coverage_default: f64,
    /// Build-out yield when a parcel gives none.
    buildout_default: f64,
}

impl Resolver<'_> {
    /// A use id must be built-in or defined under `uses:`.
    fn check_use(&self, p: &str, u: &str) -> Result<()> {
        if self.lib.uses.contains_key(u) || self.raw.uses.contains_key(u) {
            Ok(())
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
    fn parcel(&self, p: &str, s: &ParcelSpec) -> Result<Parcel> {
        if s.id.trim().is_empty() {
            return Err(self
                .map
                .error(&format!("{p}.id"), "parcel id must not be empty"));
        }
        let site = match (s.site_area_m2, s.site_area_ha) {
            (Some(_), Some(_)) => {
                return Err(self.map.error(
                    &format!("{p}.site_area_ha"),
                    "give either site_area_m2 or site_area_ha, not both",
                ))
            }
            (Some(v), None) => {
                check_positive(self.map, &format!("{p}.site_area_m2"), v, "site area")?;
                Some(v)
            }
            (None, Some(v)) => {
                check_positive(self.map, &format!("{p}.site_area_ha"), v, "site area")?;
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
            check_positive(self.map, &format!("{p}.buildout"), b, "build-out yield")?;
            if b > 1.0 {
                return Err(self.map.error(&format!("{p}.buildout"), format!("build-out yield is the share of the designated FAR taken up and cannot exceed 1, got {b}")));
            }
        }
        let (floor, coverage, buildout) = match (s.floor_m2, site, s.far_pct) {
            (Some(f), _, _) => {
                check_positive(self.map, &format!("{p}.floor_m2"), f, "floor area")?;
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
        let mut by_use = BTreeMap::new();
        match (&s.use_id, &s.uses) {
            (Some(_), Some(_)) => {
                return Err(self.map.error(
                    &format!("{p}.uses"),
                    "give either `use` or `uses`, not both",
                ))
            }
            (Some(u), None) => {
                self.check_use(&format!("{p}.use"), u)?;
                by_use.insert(u.clone(), floor);
            }
            (None, Some(shares)) => {
                if shares.is_empty() {
                    return Err(self.map.error(&format!("{p}.uses"), "`uses` is empty"));
                }
                for (u, sh) in shares {
                    self.check_use(&format!("{p}.uses.{u}"), u)?;
                    if !sh.is_finite() || *sh < 0.0 {
                        return Err(self.map.error(
                            &format!("{p}.uses.{u}"),
                            format!("share must be ≥ 0, got {sh}"),
                        ));
                    }
                }
                let total: f64 = shares.values().sum();
                if total <= 0.0 {
                    return Err(self.map.error(&format!("{p}.uses"), "use shares sum to 0"));
                }
                for (u, sh) in shares {
                    if *sh > 0.0 {
                        by_use.insert(u.clone(), floor * sh / total);
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
            if !dw.is_finite() || dw < 0.0 {
                return Err(self
                    .map
                    .error(&format!("{p}.dwellings"), "dwelling count must be ≥ 0"));
            }
        }
        Ok(Parcel {
            id: s.id.clone(),
            name: s.name.clone(),
            site_area_m2: site,
            coverage,
            far_pct: s.far_pct,
            buildout,
            floor_by_use_m2: by_use,
            dwellings: s.dwellings,
        })
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
        let from = r.from.to_vec();
        for u in &from {
            self.check_use(&format!("{rp}.from"), u)?;
        }
        let to: Vec<(String, f64)> = match &r.to {
            UseShares::One(u) => vec![(u.clone(), 1.0)],
            UseShares::Shares(m) => m.iter().map(|(k, v)| (k.clone(), *v)).collect(),
        };
        for (u, sh) in &to {
            self.check_use(&format!("{rp}.to"), u)?;
            if !sh.is_finite() || *sh < 0.0 {
                return Err(self.map.error(
                    &format!("{rp}.to.{u}"),
                    format!("share must be ≥ 0, got {sh}"),
                ));
            }
        }
        let tot: f64 = to.iter().map(|x| x.1).sum();
        if tot <= 0.0 {
            return Err(self
                .map
                .error(&format!("{rp}.to"), "target shares sum to 0"));
        }
        let mut moved_any = false;
        for parcel in parcels.iter_mut() {
            let mut moved = 0.0;
            for u in &from {
                if let Some(f) = parcel.floor_by_use_m2.get_mut(u) {
                    let m = *f * share;
                    *f -= m;
                    moved += m;
                }
            }
            if moved > 0.0 {
                moved_any = true;
                for (u, sh) in &to {
                    *parcel.floor_by_use_m2.entry(u.clone()).or_insert(0.0) += moved * sh / tot;
                }
            }
            parcel.floor_by_use_m2.retain(|_, v| *v > 0.0);
        }
        if !moved_any && share > 0.0 {
            return Err(self.map.error(
                &format!("{rp}.from"),
                format!("no parcel has floor of {} to replace", from.join(", ")),
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
        alts: &[Alternative],
    ) -> Result<Alternative> {
        let p = format!("alternatives[{i}]");
        if a.id.trim().is_empty()
            || !a
                .id
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        {
            return Err(self.map.error(&format!("{p}.id"), format!("alternative id `{}` must be non-empty and use only letters, digits, `_` and `-` (it names report files)", a.id)));
        }
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
            None => (vec![], vec![], self.district_area_m2, vec![]),
        };
        if let Some(list) = &a.parcels {
            parcels = list
                .iter()
                .enumerate()
                .map(|(j, s)| self.parcel(&format!("{p}.parcels[{j}]"), s))
                .collect::<Result<_>>()?;
        } else if a.from.is_none() {
            return Err(self.map.error(
                &p,
                "an alternative needs `parcels:` or `from: <alternative>`",
            ));
        }
        for (j, r) in a.remove_parcels.iter().enumerate() {
            let before = parcels.len();
            parcels.retain(|x| &x.id != r);
            if parcels.len() == before {
                return Err(self.map.error(
                    &format!("{p}.remove_parcels[{j}]"),
                    format!("no parcel `{r}` to remove"),
                ));
            }
        }
        for (j, s) in a.add_parcels.iter().enumerate() {
            parcels.push(self.parcel(&format!("{p}.add_parcels[{j}]"), s)?);
        }
        for (j, r) in a.replace.iter().enumerate() {
            self.replace(&format!("{p}.replace[{j}]"), r, &mut parcels)?;
        }
        if let Some(k) = a.scale {
            check_positive(self.map, &format!("{p}.scale"), k, "density scale")?;
            for parcel in parcels.iter_mut() {
                for v in parcel.floor_by_use_m2.values_mut() {
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
        if let Some(ext) = &a.external {
            external = ext
                .iter()
                .enumerate()
                .map(|(j, s)| self.parcel(&format!("{p}.external[{j}]"), s))
                .collect::<Result<_>>()?;
        }
        if let Some(ar) = a.district_area_m2 {
            check_positive(
                self.map,
                &format!("{p}.district_area_m2"),
                ar,
                "district area",
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
        let mut seen = std::collections::BTreeSet::new();
        for (j, parcel) in parcels.iter().enumerate() {
            if !seen.insert(parcel.id.clone()) {
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
