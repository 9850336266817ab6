//! The back-cast against real districts (issue 11): the realistic basis within ±15 % of the
//! real districts' median heat price and ranking them (ρ ≥ 0.4); the study basis optimistic
//! beside it; model prices falling with gross FAR, as real ones do.

use kukaku::library::Library;
use kukaku::report::backcast::{backcast, median};

#[test]
fn realistic_basis_matches_real_districts_and_study_is_optimistic() {
    let lib = Library::builtin().unwrap();
    let b = backcast(&lib).unwrap();
    let (s, r) = (&b.study, &b.realistic);
    assert!(
        b.districts >= 30,
        "districts with area, floor, heat sold and price: {}",
        b.districts
    );
    assert_eq!(s.rows.len(), b.districts);
    assert!(
        (0.85..=1.15).contains(&r.median_price_ratio),
        "realistic median price ratio {:.3} outside ±15 %",
        r.median_price_ratio
    );
    assert!(
        r.price_rank_correlation >= 0.4,
        "realistic price rank correlation {:.3} < 0.4",
        r.price_rank_correlation
    );
    // The study's best case is optimistic: cheaper than the real districts and than the
    // realistic basis.
    assert!(s.median_price_ratio < r.median_price_ratio);
    assert!(s.median_price_ratio < 1.0);
    // Prices fall with density in the model as in the real districts.
    assert!(
        r.density_rank_correlation < 0.0,
        "{}",
        r.density_rank_correlation
    );
    assert!(r.real_density_rank_correlation < 0.0);
    // The realistic set's mature take-up is the back-cast's median (the data says so).
    let set = lib.supply.realistic.takeup_end.value;
    assert!(
        (set - b.median_takeup).abs() <= 0.02,
        "supply.yaml realistic.takeup_end {set} vs back-cast median take-up {:.3}",
        b.median_takeup
    );
    // Rows are consistent: ratio = model ÷ real; take-up within (0, 1].
    for row in &r.rows {
        assert!((row.price_ratio - row.model_price_yen_per_mj / row.price_yen_per_mj).abs() < 1e-9);
        assert!(row.takeup > 0.0 && row.takeup <= 1.0, "{}", row.district);
    }
    assert!(
        median(&r.rows.iter().map(|x| x.price_ratio).collect::<Vec<_>>()) == r.median_price_ratio
    );
}
