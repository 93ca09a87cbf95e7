//! An animation people can read (issue 20 item 6, review 2 finding 8):
//! every frame shows one legend, the entries of all the animated phases, in
//! one place, so no swatch moves between frames (the eye reads motion as
//! change on the map); frames carry their phase's title and no caption (the
//! description page carries the captions), and each is held long enough
//! for its title, so a loop of the built-in theatre stays short.

mod common;

use std::collections::BTreeSet;

use common::{request, root, session};
use phasemap::{CompareOptions, RenderRequest, Session};

/// The `<g id="name">` group of `svg` up to the group written after it.
fn group<'a>(svg: &'a str, name: &str, next: &str) -> &'a str {
    let start = svg
        .find(&format!("<g id=\"{name}\">"))
        .unwrap_or_else(|| panic!("no {name} group"));
    let end = svg[start..]
        .find(&format!("<g id=\"{next}\">"))
        .unwrap_or_else(|| panic!("no {next} group after {name}"));
    &svg[start..start + end]
}

/// `part` of `svg` with each pattern it uses (`url(#id)`) written out as
/// the pattern's definition in `svg`: a frame numbers its patterns in the
/// order its map first uses them, the same swatch may use another id.
fn patterns_resolved(svg: &str, part: &str) -> String {
    let mut out = String::new();
    let mut rest = part;
    while let Some(at) = rest.find("url(#") {
        out.push_str(&rest[..at]);
        let end = rest[at..].find(')').expect("url(...)") + at;
        let id = &rest[at + 5..end];
        let def = svg
            .find(&format!("<pattern id=\"{id}\""))
            .map(|d| {
                let body = &svg[d..];
                &body[body.find('>').unwrap()..body.find("</pattern>").unwrap()]
            })
            .unwrap_or_else(|| panic!("no pattern {id}"));
        out.push_str(def);
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    out
}

fn frames_of(req: &RenderRequest, width: f64) -> Session {
    let opts = CompareOptions {
        animation_width: width,
        ..CompareOptions::default()
    };
    let maps = session(req);
    let phases = maps.select_phases(&req.phases).unwrap();
    let layout = phasemap::compose::LabelLayout::of(&maps.scenes(&phases, &|| {}));
    phasemap::animation_session(&maps.theatre, &maps.style, req, &opts, Some(&layout)).unwrap()
}

#[test]
fn every_frame_shows_one_legend_in_one_place_and_no_caption() {
    for theatre in [root().join("geodata"), root().join("tests/theatres/mini")] {
        for width in [1000.0, 800.0] {
            let req = request(&theatre, width);
            let frames = frames_of(&req, width);
            let phases = frames.select_phases(&[]).unwrap();
            let scenes = frames.scenes(&phases, &|| {});
            // Each phase's own legend, as its phase map at this width has it.
            let maps = session(&req);
            let own = maps.scenes(&phases, &|| {});
            let what = format!("{} at {width} px", theatre.display());
            let legend_of = |svg: &str| patterns_resolved(svg, group(svg, "legend", "sources"));
            let first = legend_of(&scenes[0].svg);
            let union: BTreeSet<&(String, String)> = scenes[0].legend.iter().collect();
            for (frame, map) in scenes.iter().zip(&own) {
                let legend = legend_of(&frame.svg);
                if let Some((a, b)) = legend
                    .lines()
                    .zip(first.lines())
                    .find(|(a, b)| a != b)
                    .or((legend != first).then_some(("(length)", "(length)")))
                {
                    panic!(
                        "{what}: the legend of {} differs from that of {}:\n{a}\n{b}",
                        frame.phase, scenes[0].phase
                    );
                }
                assert_eq!(frame.height, scenes[0].height, "{what} {}", frame.phase);
                for entry in &map.legend {
                    assert!(
                        union.contains(entry),
                        "{what}: {entry:?} of {} is not in the frames' legend",
                        frame.phase
                    );
                }
                assert!(
                    frame.svg.contains("<g id=\"caption\">\n</g>"),
                    "{what} {}: the frame draws its caption",
                    frame.phase
                );
            }
            // The frames' legend lists no more than the phases show.
            let shown: BTreeSet<&(String, String)> = own.iter().flat_map(|m| &m.legend).collect();
            assert_eq!(union, shown, "{what}");
        }
    }
}

/// The delays of an APNG's frames, in milliseconds (its `fcTL` chunks).
fn apng_delays(png: &[u8]) -> Vec<f64> {
    let mut out = Vec::new();
    let mut at = 8;
    while at + 8 <= png.len() {
        let len = u32::from_be_bytes(png[at..at + 4].try_into().unwrap()) as usize;
        let kind = &png[at + 4..at + 8];
        if kind == b"fcTL" {
            let d = &png[at + 8..at + 8 + len];
            let num = f64::from(u16::from_be_bytes([d[20], d[21]]));
            let den = match u16::from_be_bytes([d[22], d[23]]) {
                0 => 100.0,
                n => f64::from(n),
            };
            out.push(num / den * 1000.0);
        }
        at += 12 + len;
    }
    out
}

#[test]
fn each_frame_is_held_for_its_title_and_a_loop_stays_short() {
    let req = request(&root().join("geodata"), 800.0);
    for width in [1000.0, 800.0] {
        let frames = frames_of(&req, width);
        let phases = frames.select_phases(&[]).unwrap();
        let opts = CompareOptions {
            animation_width: width,
            ..CompareOptions::default()
        };
        let png = phasemap::animation_png(&frames, &phases, &opts).unwrap();
        let delays = apng_delays(&png);
        assert_eq!(delays.len(), phases.len(), "{width} px");
        for (d, phase) in delays.iter().zip(&phases) {
            // Four words a second of the title, three seconds at least.
            let words = phase.title.split_whitespace().count() as f64;
            assert!(
                *d >= 3000.0 && *d >= words * 250.0,
                "{width} px {}: held {d} ms",
                phase.id
            );
        }
        let total: f64 = delays.iter().sum();
        // Nine phases of about 3 s: a loop under 40 s (it was 156 s when
        // frames were held for their captions).
        assert!(total <= 40_000.0, "{width} px: a loop of {total} ms");
        eprintln!("{width} px: a loop of {:.1} s ({delays:?})", total / 1000.0);
    }
}
