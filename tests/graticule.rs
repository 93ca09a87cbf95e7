//! The graticule's interval follows the extent: a theatre a few degrees
//! across gets several meridians and parallels (it got one of each at a
//! fixed 10 degrees), a subcontinent keeps 10 degrees.

use std::collections::BTreeSet;
use std::path::PathBuf;

use phasemap::Session;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// (meridian labels, parallel labels) of the first phase's map.
fn labels(dir: &str, width: f64) -> (BTreeSet<String>, BTreeSet<String>) {
    let s = Session::open(
        &root().join(dir),
        "wikipedia",
        &root().join("styles"),
        width,
    )
    .unwrap();
    let phases = s.select_phases(&[]).unwrap();
    let scene = s.scenes(&phases[..1], &|| {}).remove(0);
    let svg = &scene.svg;
    let g = &svg[svg
        .find("id=\"graticule-labels\"")
        .expect("graticule labels")..];
    let g = &g[..g.find("</g>").unwrap()];
    let (mut meridians, mut parallels) = (BTreeSet::new(), BTreeSet::new());
    for piece in g.split("<text").skip(1) {
        let (attrs, rest) = piece.split_once('>').unwrap();
        let text = rest.split('<').next().unwrap();
        // Meridians are labelled centred under and over the frame,
        // parallels beside it.
        if attrs.contains("text-anchor=\"middle\"") {
            meridians.insert(text.to_string());
        } else {
            parallels.insert(text.to_string());
        }
    }
    (meridians, parallels)
}

#[test]
fn small_theatres_get_a_finer_graticule() {
    // tiny: 5 x 4 degrees; squares: 7 x 6 degrees.
    for dir in ["tests/theatres/tiny", "tests/theatres/squares"] {
        for width in [800.0, 2400.0] {
            let (m, p) = labels(dir, width);
            assert!(m.len() >= 3, "{dir} {width}: meridians {m:?}");
            assert!(p.len() >= 3, "{dir} {width}: parallels {p:?}");
        }
    }
}

#[test]
fn a_subcontinent_keeps_ten_degrees() {
    let (m, p) = labels("geodata", 2400.0);
    for l in m.iter().chain(&p) {
        let degrees: f64 = l.split('°').next().unwrap().parse().unwrap();
        assert_eq!(degrees % 10.0, 0.0, "{l}");
    }
    assert!(m.len() >= 8 && p.len() >= 2, "{m:?} {p:?}");
}
