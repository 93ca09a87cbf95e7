//! Tests of reading a theatre's manifest.

use super::*;
use crate::model::{Corner, Licence, Publishing, Role, Texture};

const MANIFEST_TEXT: &str = r#"{"id": "t", "title": "T",
    "projection": "+proj=lcc +lat_1=45 +lat_2=65 +lat_0=50 +lon_0=100 +datum=WGS84",
    "extent": [90, 45, 110, 55],
    "phases": [{"id": "PHASE", "title": "One", "start_date": "1919-01-01",
                "end_date": "1919-02-01", "snapshot": "1919-01-15"}],
    "layers": [{"id": "towns", "path": "towns.geojson"}]}"#;
const LAYER: &str = r#"{"type": "FeatureCollection", "features": []}"#;

fn parse(manifest: &str) -> Result<Theatre> {
    parse_theatre_text(Path::new("dir"), manifest, &|_| Ok(LAYER.to_string()))
}

#[test]
fn insets_are_checked_and_name_what_is_wrong() {
    let with = |inset: &str| {
        MANIFEST_TEXT.replace(
            "\"layers\":",
            &format!("\"insets\": [{inset}], \"layers\":"),
        )
    };
    let good = r#"{"id": "z", "title": "Zoom", "area": [95, 48, 100, 50], "zoom": 3, "corner": "top-left", "phases": ["PHASE"]}"#;
    let t = parse(&with(good)).unwrap();
    assert_eq!(t.insets.len(), 1);
    assert_eq!(t.insets[0].corner, Some(Corner::TopLeft));
    assert!(t.insets[0].shown_in("PHASE") && !t.insets[0].shown_in("other"));
    for (bad, says) in [
        (
            good.replace("top-left", "middle"),
            "corner \"middle\" is not one of",
        ),
        (
            good.replace("\"zoom\": 3", "\"zoom\": 0.5"),
            "zoom 0.5 must be above 1",
        ),
        (
            good.replace("[95, 48, 100, 50]", "[95, 48, 120, 50]"),
            "is not inside the extent",
        ),
        (
            good.replace("[95, 48, 100, 50]", "[100, 48, 95, 50]"),
            "west < east",
        ),
        (
            good.replace("[\"PHASE\"]", "[\"1999\"]"),
            "no phase \"1999\"",
        ),
    ] {
        let err = parse(&with(&bad)).unwrap_err().to_string();
        assert!(
            err.contains("insets[0] (\"z\")") && err.contains(says),
            "{err}"
        );
    }
}

#[test]
fn two_insets_in_one_corner_of_one_map_are_refused() {
    let inset = |id: &str, corner: &str, phases: &str| {
        format!(
            r#"{{"id": "{id}", "title": "Zoom", "area": [95, 48, 100, 50], "zoom": 3, "corner": "{corner}", "phases": {phases}}}"#
        )
    };
    let with = |a: String, b: String| {
        MANIFEST_TEXT.replace(
            "\"layers\":",
            &format!("\"insets\": [{a}, {b}], \"layers\":"),
        )
    };
    let err = parse(&with(
        inset("a", "top-left", "[]"),
        inset("b", "top-left", r#"["PHASE"]"#),
    ))
    .unwrap_err()
    .to_string();
    assert!(
        err.contains("insets[1] (\"b\"): corner \"top-left\" is taken by insets[0] (\"a\") in phase \"PHASE\""),
        "{err}"
    );
    // Another corner is fine.
    parse(&with(
        inset("a", "top-left", "[]"),
        inset("b", "top-right", "[]"),
    ))
    .unwrap();
    // An inset of every phase meets one of a given phase.
    parse(&with(
        inset("a", "top-left", r#"["PHASE"]"#),
        inset("b", "top-left", "[]"),
    ))
    .unwrap_err();
    // `auto` shares with anything: it takes a corner left free.
    let t = parse(&with(inset("a", "auto", "[]"), inset("b", "auto", "[]"))).unwrap();
    assert_eq!(t.insets[0].corner, None);
    parse(&with(
        inset("a", "top-left", "[]"),
        inset("b", "auto", "[]"),
    ))
    .unwrap();
    // Five insets in one phase do not fit its four corners.
    let five: Vec<String> = (0..5)
        .map(|k| inset(&format!("i{k}"), "auto", "[]"))
        .collect();
    let err = parse(&MANIFEST_TEXT.replace(
        "\"layers\":",
        &format!("\"insets\": [{}], \"layers\":", five.join(", ")),
    ))
    .unwrap_err()
    .to_string();
    assert!(
        err.contains("phase \"PHASE\" shows 5 insets (i0, i1, i2, i3, i4)"),
        "{err}"
    );
}

#[test]
fn ids_that_could_escape_the_output_folder_are_refused() {
    for bad in ["../x", "..", "a/b", "a\\b", "", "-x", "x.svg", "é", "a b"] {
        assert!(check_id(bad).is_err(), "{bad:?} accepted");
    }
    for good in ["1918-08", "p_1", "A"] {
        assert!(check_id(good).is_ok(), "{good:?} refused");
    }
    let err = parse(&MANIFEST_TEXT.replace("PHASE", "../x"))
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("phases[0] (\"../x\"): id:") && err.contains("file names"),
        "{err}"
    );
}

fn with_key(key: &str) -> String {
    MANIFEST_TEXT.replacen('{', &format!("{{{key}, "), 1)
}

#[test]
fn publishing_is_read_and_its_licences_checked() {
    let t = parse(MANIFEST_TEXT).unwrap();
    assert_eq!(t.language, "en");
    assert_eq!(t.publishing, Publishing::default());
    let ok = with_key(
        r#""language": "ru", "publishing": {"author": "A", "categories": ["Category:X", "Y"],
        "sources": [{"name": "G", "licence": "cc-by-4.0", "credit": "from G"}]}"#,
    );
    let t = parse(&ok).unwrap();
    assert_eq!(t.language, "ru");
    let p = &t.publishing;
    assert_eq!(p.author.as_deref(), Some("A"));
    assert_eq!(p.categories, ["X", "Y"]);
    assert_eq!(p.sources[0].licence, Licence::CcBy4);
    assert_eq!(p.licence(), Ok(Licence::CcBy4));
    for (key, want) in [
        (r#""language": "ru-RU""#, "language: \"ru-RU\""),
        (
            r#""publishing": {"sources": [{"name": "O", "licence": "ODbL"}]}"#,
            "publishing.sources[0].licence: unknown licence \"ODbL\"",
        ),
        (
            r#""publishing": {"licence": "CC0-1.0", "sources": [{"name": "G", "licence": "CC-BY-4.0"}]}"#,
            "publishing.licence: licence CC0-1.0 does not allow source \"G\"",
        ),
        (
            r#""publishing": {"categories": ["[[X]]"]}"#,
            "publishing.categories",
        ),
        (r#""publishing": {"autor": "A"}"#, "autor"),
    ] {
        let err = parse(&with_key(key)).unwrap_err().to_string();
        assert!(err.contains(want), "{key}: {err}");
        assert!(err.contains("theatre.json"), "{err}");
    }
}

#[test]
fn phase_ids_cannot_overwrite_other_outputs() {
    for bad in ["sheet", "Animation", "INDEX", "diff-a-b"] {
        let err = parse(&MANIFEST_TEXT.replace("PHASE", bad))
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("would overwrite another output"),
            "{bad}: {err}"
        );
    }
    let two = MANIFEST_TEXT.replace(
        r#""snapshot": "1919-01-15"}],"#,
        r#""snapshot": "1919-01-15"}, {"id": "phase", "title": "Two",
           "start_date": "1919-02-01", "end_date": "1919-03-01", "snapshot": "1919-02-15"}],"#,
    );
    let err = parse(&two).unwrap_err().to_string();
    assert!(err.contains("differ only in case"), "{err}");
}

#[test]
fn sides_and_powers_are_checked_with_errors_naming_the_key() {
    let with = |sides: &str, powers: &str| {
        MANIFEST_TEXT.replace(
            "\"phases\":",
            &format!("\"sides\": {sides}, \"powers\": {powers}, \"phases\":"),
        )
    };
    let sides =
        r#"[{"id": "red", "name": "Reds"}, {"id": "white", "name": "Greens", "order": -1}]"#;
    let ok = parse(&with(
        sides,
        r##"{"R": {"name": "Reds", "side": "red", "color": "#c00"},
             "W": {"name": "Greens", "side": "white", "pattern": {"angle": 30, "texture": "dots"}}}"##,
    ))
    .unwrap();
    assert_eq!(ok.sides[0].id, "white", "sorted by order");
    assert_eq!(ok.powers["R"].color, Some([0xcc, 0, 0]));
    // Any CSS colour a style accepts.
    let named = parse(&with(
        sides,
        r#"{"R": {"name": "Reds", "side": "red", "color": "crimson"},
            "W": {"name": "Greens", "side": "white", "color": "rgb(0%, 50%, 0%)"}}"#,
    ))
    .unwrap();
    assert_eq!(named.powers["R"].color, Some([0xdc, 0x14, 0x3c]));
    assert_eq!(named.powers["W"].color, Some([0, 128, 0]));
    assert_eq!(ok.powers["W"].pattern.unwrap().texture, Texture::Dots);
    assert_eq!(ok.side_of("R").unwrap().name, "Reds");
    let cases = [
        (
            r#"{"R": {"name": "Reds", "side": "rde"}}"#,
            "powers.R.side: \"rde\" is not a side of this theatre",
        ),
        (
            r#"{"R": {"name": "Reds", "side": "red", "color": "reddish"}}"#,
            "powers.R.color: \"reddish\" is not an opaque colour",
        ),
        (
            r#"{"R": {"name": "Reds", "side": "red", "color": "rgba(200, 0, 0, 0.5)"}}"#,
            "powers.R.color: \"rgba(200, 0, 0, 0.5)\" is not an opaque colour",
        ),
        (
            // One colour in two syntaxes is still one colour.
            r##"{"R": {"name": "Reds", "side": "red", "color": "#c00"},
                 "W": {"name": "Greens", "side": "white", "color": "rgb(204, 0, 0)"}}"##,
            "powers.W.color: rgb(204, 0, 0) is also the colour of power \"R\"",
        ),
        (
            r##"{"R": {"name": "Reds", "side": "red", "color": "#123456"},
                 "W": {"name": "Greens", "side": "white", "color": "#123456"}}"##,
            "powers.W.color: #123456 is also the colour of power \"R\"",
        ),
        (r#"{"R": {"name": "Reds"}}"#, "powers.R.side: missing"),
        (
            r#"{"R": {"name": "Reds", "side": "red", "pattern": {"texture": "waves"}}}"#,
            "powers.R.pattern.texture",
        ),
        (
            r#"{"R": {"name": "Reds", "side": "red", "shade_of": "R"}}"#,
            "powers.R.shade_of: a power cannot be a shade of itself",
        ),
        (
            r#"{"R": {"name": "Reds", "side": "red", "shade_of": "Q"}}"#,
            "powers.R.shade_of: \"Q\" is not a power of this theatre",
        ),
        (
            r#"{"R": {"name": "Reds", "side": "red", "shade_of": "W"},
                "W": {"name": "Greens", "side": "white", "shade_of": "R"}}"#,
            "powers.R.shade_of: \"W\" is itself a shade of another power",
        ),
        (
            r#"{"R": {"name": "Reds", "side": "red", "shade_of": "W"},
                "W": {"name": "Greens", "side": "white"}}"#,
            "powers.R.shade_of: \"W\" fights on another side (white, this power: red)",
        ),
    ];
    for (powers, expected) in cases {
        let e = parse(&with(sides, powers)).unwrap_err().to_string();
        assert!(e.contains(expected), "{e}");
        assert!(e.contains("theatre.json"), "{e}");
    }
    let dup = r#"[{"id": "red", "name": "Reds"}, {"id": "red", "name": "Also red"}]"#;
    let e = parse(&with(dup, "{}")).unwrap_err().to_string();
    assert!(e.contains("sides[1].id: duplicate side id"), "{e}");
}

#[test]
fn layers_take_the_role_they_give_or_their_id_names() {
    let t = parse(&MANIFEST_TEXT.replace(
        r#"{"id": "towns", "path": "towns.geojson"}"#,
        r#"{"id": "towns", "role": "places", "path": "towns.geojson"},
           {"id": "control", "path": "c.geojson"}, {"id": "odd", "path": "o.geojson"}"#,
    ))
    .unwrap();
    let roles: Vec<Option<Role>> = t.layers.iter().map(|l| l.role).collect();
    assert_eq!(roles, vec![Some(Role::Places), Some(Role::Control), None]);
    let e = parse(&MANIFEST_TEXT.replace(
        r#""path": "towns.geojson""#,
        r#""role": "town", "path": "towns.geojson""#,
    ))
    .unwrap_err()
    .to_string();
    assert!(e.contains("layers[0].role: \"town\" is not a role"), "{e}");
}

#[test]
fn theatres_parse_from_text_without_reading_files() {
    let t = parse(MANIFEST_TEXT).unwrap();
    assert_eq!(t.phases[0].id, "PHASE");
    assert_eq!(t.layers[0].path, Path::new("dir/towns.geojson"));
}
