//! The print style draws every movement arrow in greys: its legend must
//! still tell each power's arrows apart, by something a photocopy keeps
//! (a grey and a stripe per power), not by hue (review 5: every print arrow
//! was #333333).

mod common;

use common::{request, root, session};

/// `svg` with every `#rrggbb` colour replaced by its grey level, as a
/// greyscale copy prints it.
fn in_grey(svg: &str) -> String {
    let mut out = String::with_capacity(svg.len());
    let mut rest = svg;
    while let Some(k) = rest.find('#') {
        out.push_str(&rest[..k]);
        let hex = rest
            .get(k + 1..k + 7)
            .filter(|h| h.bytes().all(|b| b.is_ascii_hexdigit()));
        match hex {
            Some(h) => {
                let c = |i: usize| f64::from(u8::from_str_radix(&h[i..i + 2], 16).unwrap());
                let y = 0.2126 * c(0) + 0.7152 * c(2) + 0.0722 * c(4);
                out.push_str(&format!("grey{}", (y / 8.0).round()));
                rest = &rest[k + 7..];
            }
            None => {
                out.push('#');
                rest = &rest[k + 1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// A legend entry of a movement arrow: "<power> advance" and the like.
fn is_arrow(label: &str) -> bool {
    ["advance", "retreat", "withdrawal", "evacuation"]
        .iter()
        .any(|k| label.ends_with(k))
}

#[test]
fn print_arrows_of_different_powers_differ_in_grey() {
    for dir in [
        "geodata",
        "examples/russo-japanese-war",
        "tests/theatres/tiny",
    ] {
        let s = session(&phasemap::RenderRequest {
            style: "print".into(),
            ..request(&root().join(dir), 2400.0)
        });
        let mut rows_seen = 0;
        for scene in s.scenes(&s.select_phases(&[]).unwrap(), &|| {}) {
            let rows: Vec<_> = scene
                .parts
                .legend_rows
                .iter()
                .filter(|r| is_arrow(&r.label))
                .collect();
            rows_seen += rows.len();
            for (i, a) in rows.iter().enumerate() {
                for b in &rows[i + 1..] {
                    assert_ne!(
                        in_grey(&a.swatch.to_svg()),
                        in_grey(&b.swatch.to_svg()),
                        "{dir} {}: \"{}\" and \"{}\" are drawn alike in grey",
                        scene.phase,
                        a.label,
                        b.label
                    );
                }
            }
        }
        assert!(rows_seen > 0, "{dir}: no arrow in any legend");
    }
}

/// Two powers' advances in one phase of the built-in theatre (1918-08 has
/// Japan's and the Czechoslovaks') differ in their drawing,
/// not only in their colour attribute.
#[test]
fn the_builtin_first_phase_shows_distinct_print_arrows() {
    let s = session(&phasemap::RenderRequest {
        style: "print".into(),
        phases: vec!["1918-08".into()],
        ..request(&root().join("geodata"), 2400.0)
    });
    let scene = &s.scenes(&s.select_phases(&["1918-08".into()]).unwrap(), &|| {})[0];
    let arrows: Vec<_> = scene
        .parts
        .legend_rows
        .iter()
        .filter(|r| is_arrow(&r.label))
        .collect();
    assert!(
        arrows.len() >= 2,
        "{:?}",
        arrows.iter().map(|r| &r.label).collect::<Vec<_>>()
    );
    let greys: std::collections::BTreeSet<String> =
        arrows.iter().map(|r| in_grey(&r.swatch.to_svg())).collect();
    assert_eq!(greys.len(), arrows.len());
}
