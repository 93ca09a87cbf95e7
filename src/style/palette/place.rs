//! Choosing the automatic colours: a grid of candidate colours, the hue
//! family each power's side asks for, and the greedy placement that keeps
//! every pair of powers apart.

use std::collections::BTreeMap;

use ::palette::{FromColor, IsWithinBounds, Lch, Srgb};
use rayon::prelude::*;

use super::vision::{srgb, Seen};
use super::{Color, MIN_GROUND_DISTANCE, MIN_POWER_DISTANCE};
use crate::model::Theatre;

/// Hue centres (LCh degrees) of the belligerent sides' families, in side
/// order; powers with no side take the hues the sides leave, in the same
/// order. Red and blue first: the pair that stays apart under every colour
/// vision deficiency; green, which red-green readers confuse with red, only
/// third.
const FAMILY_HUES: [f64; 6] = [32.0, 262.0, 140.0, 318.0, 80.0, 200.0];

/// The `k`th hue of the sequence families and side-less powers take: the
/// [`FAMILY_HUES`], then halfway between neighbours of the list, so no two
/// of the first twelve fall on one hue.
fn nth_hue(k: usize) -> f64 {
    let n = FAMILY_HUES.len();
    let h = FAMILY_HUES[k % n];
    match k / n {
        0 => h,
        // Halfway towards the next hue round the circle.
        _ => {
            let mut sorted = FAMILY_HUES;
            sorted.sort_by(f64::total_cmp);
            let i = sorted.iter().position(|&x| x == h).unwrap_or(0);
            let next = sorted[(i + 1) % n] + if i + 1 == n { 360.0 } else { 0.0 };
            ((h + next) / 2.0 + 7.0 * ((k / n) as f64 - 1.0)).rem_euclid(360.0)
        }
    }
}

/// One colour the palette may hand out.
pub(super) struct Candidate {
    pub(super) rgb: [u8; 3],
    pub(super) lch: (f64, f64, f64),
    pub(super) seen: Seen,
}

/// In-gamut LCh colours light enough for black labels on them and dark
/// enough to stand out from a pale ground.
pub(super) fn candidates() -> Vec<Candidate> {
    let mut grid = Vec::new();
    for li in 0..14 {
        let l = 34.0 + 4.0 * f64::from(li);
        for &c in &[8.0, 16.0, 26.0, 38.0, 50.0, 64.0, 80.0] {
            for hi in 0..36 {
                grid.push((l, c, 10.0 * f64::from(hi)));
            }
        }
    }
    // Each candidate is seen in three visions: on every core, in grid order.
    grid.into_par_iter()
        .filter_map(|(l, c, h)| {
            let rgb: Srgb<f32> = Srgb::from_color(Lch::new(l as f32, c as f32, h as f32));
            if !rgb.is_within_bounds() {
                return None;
            }
            let bytes: Srgb<u8> = rgb.into_format();
            let rgb = [bytes.red, bytes.green, bytes.blue];
            Some(Candidate {
                rgb,
                lch: (l, c, h),
                seen: Seen::new(srgb(rgb)),
            })
        })
        .collect()
}

/// Where a power's colour should lie: (lightness, chroma, hue or none,
/// hues to keep away from: the families of other sides, the water's).
type Family = (f64, f64, Option<f64>, Vec<f64>);

/// How far (LCh degrees) a family's hue keeps from the water's: a land
/// fill in the water's hue reads as sea beside it, whatever the CIEDE2000
/// distance (a mid blue zone beside a pale blue sea).
pub(super) const WATER_HUE_GAP: f64 = 45.0;

/// The hues (LCh degrees) of the pale water colours that have one: a
/// fill in a pale sea's hue reads as more of it (a grey water has no hue;
/// beside a dark sea, as on a projector, every fill is far lighter and
/// reads as land).
pub(super) fn water_hues(water: &[Color]) -> Vec<f64> {
    water
        .iter()
        .filter_map(|w| {
            let rgb = Srgb::new(w.r, w.g, w.b).into_format::<f32>();
            let lch = Lch::from_color(rgb);
            (lch.chroma > 8.0 && lch.l >= 70.0).then(|| f64::from(lch.hue.into_positive_degrees()))
        })
        .collect()
}

/// Hue `h` moved out of [`WATER_HUE_GAP`] of each of `waters`, to the edge
/// of that gap on its own side.
fn clear_of_water(h: f64, waters: &[f64]) -> f64 {
    waters.iter().fold(h, |h, &w| {
        let d = (h - w + 180.0).rem_euclid(360.0) - 180.0;
        if d.abs() >= WATER_HUE_GAP {
            h
        } else {
            (w + WATER_HUE_GAP * if d < 0.0 { -1.0 } else { 1.0 }).rem_euclid(360.0)
        }
    })
}

/// The family of power `code`; `order` is the order powers pick their
/// colours in. A power with no side takes the next hue the sides leave
/// (the first side-less power to pick, the first free hue), so side-less
/// powers spread round the hue circle instead of crowding the first
/// colours the grid offers. Every family keeps [`WATER_HUE_GAP`] from the
/// hues of `waters`.
pub(super) fn family(
    theatre: &Theatre,
    code: &str,
    order: &[&String],
    waters: &[f64],
    colors: &Colors,
) -> Family {
    let shade_of = theatre.powers.get(code).and_then(|p| p.shade_of.as_ref());
    if let Some((rgb, _)) = shade_of.and_then(|of| colors.get(of)) {
        return shade_family(*rgb);
    }
    let hue = |k: usize| Some(clear_of_water(nth_hue(k), waters));
    let mut families = theatre.sides.iter().filter(|s| !s.neutral && !s.distinct);
    let taken: Vec<f64> = (0..families.clone().count())
        .map(|k| clear_of_water(nth_hue(k), waters))
        .collect();
    let Some(side) = theatre.side_of(code) else {
        let k = order
            .iter()
            .take_while(|c| c.as_str() != code)
            .filter(|c| theatre.side_of(c).is_none())
            .count();
        return (60.0, 42.0, hue(taken.len() + k), waters.to_vec());
    };
    if side.neutral {
        return (74.0, 8.0, Some(75.0), waters.to_vec());
    }
    if side.distinct {
        return (60.0, 45.0, None, [taken, waters.to_vec()].concat());
    }
    let k = families.position(|s| s.id == side.id).unwrap_or(0);
    (60.0, 42.0, hue(k), waters.to_vec())
}

/// The family of a power that is a shade of another (a state's colonies or
/// occupation zones): the other's hue and chroma a step lighter (darker
/// when the other is light), so the reader sees one state in one hue.
fn shade_family(of: [u8; 3]) -> Family {
    let lch = Lch::from_color(Srgb::new(of[0], of[1], of[2]).into_format::<f32>());
    let l = f64::from(lch.l);
    let step = if l < 62.0 { 14.0 } else { -14.0 };
    (
        l + step,
        f64::from(lch.chroma),
        Some(f64::from(lch.hue.into_positive_degrees())),
        Vec::new(),
    )
}

/// How far (LCh degrees) a power of a belligerent side may stray from its
/// family's hue when a colour that far is free: past it, two sides' powers
/// stop reading as two families (a violet among the blues reads as the
/// reds' next of kin).
pub(super) const FAMILY_WINDOW: f64 = 20.0;

/// Most degrees of hue between two powers of one belligerent side while
/// the family has room.
pub(super) const FAMILY_SPREAD: f64 = 40.0;

/// How a crowded family's window widens (times [`FAMILY_WINDOW`]) before
/// its power may take any colour: a neighbouring hue first. (The muted
/// window of neutrals does not widen.)
const WIDER: [f64; 3] = [1.0, 1.5, 2.0];

/// Chroma under which a colour has no hue a reader sees; a power of a
/// belligerent side gets more, a neutral one at most this.
pub(super) const MUTED_CHROMA: f64 = 16.0;

/// Lightness (LCh) a neutral power's colour has at least: muted and light,
/// never the strongest fill on the map.
pub(super) const NEUTRAL_LIGHTNESS: f64 = 62.0;

/// Where a power's colour must lie if any colour there is far enough from
/// the others: its side's hue family, or the light greys of a neutral side.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Window {
    /// Within [`FAMILY_WINDOW`] of this hue, with a visible hue.
    Hue(f64),
    /// Light and of low chroma.
    Muted,
}

impl Window {
    /// The window of power `code` whose family is `fam`: none for a power
    /// with no side, on a `distinct` side, or a shade of another power.
    pub(super) fn of(theatre: &Theatre, code: &str, fam: &Family) -> Option<Window> {
        let side = theatre.side_of(code)?;
        let shade = theatre
            .powers
            .get(code)
            .is_some_and(|p| p.shade_of.is_some());
        if side.neutral {
            Some(Window::Muted)
        } else if side.distinct || shade {
            None
        } else {
            fam.2.map(Window::Hue)
        }
    }

    /// Whether candidate `c` lies in the window, its hue range `wider`
    /// times [`FAMILY_WINDOW`] each way.
    pub(super) fn holds(self, c: &Candidate, wider: f64) -> bool {
        let (l, ch, h) = c.lch;
        match self {
            Window::Hue(centre) => {
                let d = (h - centre).rem_euclid(360.0);
                ch > MUTED_CHROMA && d.min(360.0 - d) <= FAMILY_WINDOW * wider
            }
            Window::Muted => ch <= MUTED_CHROMA && l >= NEUTRAL_LIGHTNESS,
        }
    }
}

/// How far a candidate lies from a family (smaller is closer).
pub(super) fn family_cost(c: &Candidate, f: &Family) -> f64 {
    let (l, ch, h) = c.lch;
    let hue = match f.2 {
        Some(fh) if ch > 12.0 || f.1 > 12.0 => {
            let d = (h - fh).rem_euclid(360.0);
            d.min(360.0 - d) / 6.0
        }
        // A muted family (neutrals: a warm grey) still leans to its hue,
        // as far as the candidate has one; grey has none.
        Some(fh) if f.1 > 0.0 => {
            let d = (h - fh).rem_euclid(360.0);
            d.min(360.0 - d) / 6.0 * (ch / 12.0).min(1.0)
        }
        _ => 0.0,
    };
    // A power outside the families keeps 45 degrees from their centres,
    // so it is not read as one of them.
    let away: f64 = if ch > 12.0 {
        f.3.iter()
            .map(|fh| {
                let d = (h - fh).rem_euclid(360.0);
                (45.0 - d.min(360.0 - d)).max(0.0) / 5.0
            })
            .sum()
    } else {
        0.0
    };
    hue + away + (ch - f.1).abs() / 8.0 + (l - f.0).abs() / 15.0
}

/// Colour of each power code, with whether the manifest gave it.
pub(super) type Colors = BTreeMap<String, ([u8; 3], bool)>;
/// A [`place`]ment: colours, smallest distance, warnings, and how many
/// powers found no colour in their family's window.
pub(super) type Placement = (Colors, f64, Vec<String>, usize);

/// Colours of the powers in `order` (given ones kept), each automatic one
/// chosen among `cands` as far as it can be, up to `cap` (`spread` for a
/// power with no side, whose colour has no family to keep it near others),
/// from every power placed before it (and [`MIN_POWER_DISTANCE`] from each
/// of `lines` in normal vision), and among those the nearest its family. Returns the
/// colours (with whether given), the smallest distance of an automatic
/// colour to another, and warnings.
pub(super) fn place(
    theatre: &Theatre,
    order: &[&String],
    cands: &[Candidate],
    (ground, lines, waters): (&[Color], &[Color], &[f64]),
    cap: f64,
    spread: f64,
    given: &dyn Fn(&str) -> Option<[u8; 3]>,
) -> Placement {
    // Distance of every candidate to each placed colour (by order index):
    // computed once per placed colour.
    let column =
        |seen: &Seen| -> Vec<f64> { cands.par_iter().map(|c| c.seen.distance(seen)).collect() };
    let mut placed: Vec<Vec<f64>> = order
        .iter()
        .filter_map(|c| given(c).map(|rgb| column(&Seen::new(srgb(rgb)))))
        .collect();
    // Ground colours count as if MIN_GROUND_DISTANCE - MIN_POWER_DISTANCE
    // nearer (their guarantee is larger).
    let margin = MIN_GROUND_DISTANCE - MIN_POWER_DISTANCE;
    let ground_near: Vec<f64> = cands
        .par_iter()
        .map(|c| {
            ground
                .iter()
                .map(|g| c.seen.distance(&Seen::new(srgb([g.r, g.g, g.b]))) - margin)
                .fold(f64::INFINITY, f64::min)
        })
        .collect();
    // The lines drawn over the zones (rivers, shores) are a floor, not a
    // colour to spread from: a candidate [`MIN_POWER_DISTANCE`] from each
    // in normal vision is as good as any, one nearer counts as that near.
    // (Colour-blind readers are served by the rivers' casing: keeping
    // every vision clear of a mid blue leaves a crowded family no room.)
    let line_near: Vec<f64> = cands
        .par_iter()
        .map(|c| {
            let d = lines
                .iter()
                .map(|l| c.seen.normal_distance(&Seen::new(srgb([l.r, l.g, l.b]))))
                .fold(f64::INFINITY, f64::min);
            if d >= MIN_POWER_DISTANCE {
                f64::INFINITY
            } else {
                d
            }
        })
        .collect();
    let mut colors: Colors = BTreeMap::new();
    for code in order {
        if let Some(rgb) = given(code) {
            colors.insert(code.to_string(), (rgb, true));
        }
    }
    let mut closest = f64::INFINITY;
    let mut strays = 0;
    // Hues (of the grid) of the automatic colours placed so far, by side.
    let mut side_hues: BTreeMap<String, Vec<f64>> = BTreeMap::new();
    let mut warnings = Vec::new();
    for code in order {
        if given(code).is_some() {
            continue;
        }
        let nearest: Vec<f64> = (0..cands.len())
            .map(|ci| {
                placed
                    .iter()
                    .map(|col| col[ci])
                    .fold(ground_near[ci].min(line_near[ci]), f64::min)
            })
            .collect();
        let fam = family(theatre, code, order, waters, &colors);
        let cap = if theatre.side_of(code).is_none() {
            spread
        } else {
            cap
        };
        let pick = |allowed: &dyn Fn(usize) -> bool| {
            (0..cands.len()).filter(|&i| allowed(i)).min_by(|&a, &b| {
                // Far enough first (capped), then nearest the family.
                let (ka, kb) = (nearest[a].min(cap), nearest[b].min(cap));
                kb.total_cmp(&ka)
                    .then(family_cost(&cands[a], &fam).total_cmp(&family_cost(&cands[b], &fam)))
            })
        };
        // Inside the family's window while a colour there is far enough;
        // a crowded family widens only when none is.
        // A family also keeps within FAMILY_SPREAD of the hues its side
        // already has, so widening does not pull it apart.
        let kin: &[f64] = theatre
            .side_of(code)
            .and_then(|s| side_hues.get(&s.id))
            .map_or(&[], Vec::as_slice);
        let near_kin = |c: &Candidate| {
            kin.iter().all(|k| {
                let d = (c.lch.2 - k).rem_euclid(360.0);
                d.min(360.0 - d) <= FAMILY_SPREAD
            })
        };
        let best = match Window::of(theatre, code, &fam) {
            Some(w) => WIDER
                .iter()
                .find_map(|&wider| {
                    let inside = |i: usize| {
                        w.holds(&cands[i], wider)
                            && (matches!(w, Window::Muted) || near_kin(&cands[i]))
                    };
                    pick(&inside).filter(|&i| nearest[i] >= MIN_POWER_DISTANCE)
                })
                .or_else(|| {
                    strays += 1;
                    pick(&|_| true)
                }),
            None => pick(&|_| true),
        };
        let Some(i) = best else { continue };
        let chosen = &cands[i];
        closest = closest.min(nearest[i]);
        if nearest[i] < MIN_POWER_DISTANCE {
            warnings.push(format!(
                "palette: power \"{code}\" could get no colour {MIN_POWER_DISTANCE} CIEDE2000 from every other (nearest {:.1}); give colours in the manifest or fewer powers",
                nearest[i]
            ));
        }
        // The last colour placed is nearest to nothing after it.
        if order.last() != Some(code) {
            placed.push(column(&chosen.seen));
        }
        colors.insert(code.to_string(), (chosen.rgb, false));
        // A shade has its power's hue, not its side's.
        let shade = theatre
            .powers
            .get(code.as_str())
            .is_some_and(|p| p.shade_of.is_some());
        if let Some(side) = theatre.side_of(code).filter(|_| !shade) {
            side_hues
                .entry(side.id.clone())
                .or_default()
                .push(chosen.lch.2);
        }
    }
    (colors, closest, warnings, strays)
}
