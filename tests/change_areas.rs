//! Areas of the built-in theatre's change maps against what the data says.

use std::path::PathBuf;

use phasemap::model::change::changes;

fn geodata() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("geodata")
}

/// From 1919-11 to 1920-02 the Reds took over northern Siberia, which no
/// power on the map held before (review 2, finding 2): millions of km2.
#[test]
fn reds_gain_northern_siberia_from_nobody_by_1920_02() {
    let t = phasemap::load::load_theatre(&geodata()).expect("built-in theatre loads");
    let (a, b) = (t.phase("1919-11").unwrap(), t.phase("1920-02").unwrap());
    let c = changes(&t, a, b);
    let gained: f64 = c
        .iter()
        .filter(|c| c.from.is_none() && c.to.as_deref() == Some("RED"))
        .map(|c| c.area_km2)
        .sum();
    assert!(gained > 5_000_000.0, "RED from nobody: {gained:.0} km2");
}
