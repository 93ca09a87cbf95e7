//! The automatic power palette: every power of a theatre gets a colour and
//! a print pattern, deterministically, from the theatre alone (and the
//! style's land and water colours, which the colours must stand out from,
//! and its river and shore colours, which they keep away from).
//!
//! Colours are chosen greedily from a grid of in-gamut LCh colours. Powers
//! whose colour the manifest gives are placed first; each other power then
//! takes, among the candidates that stay at least [`TARGET`] CIEDE2000 from
//! every colour already placed (in normal vision and under simulated
//! deuteranopia and protanopia), the one closest to its side's hue family.
//! Every pair of powers counts, not only powers of one phase: a sheet shows
//! every phase on one page, and a change map puts the powers of any two
//! phases side by side.
//! When no candidate gets that far (a crowded family), the farthest one is
//! taken, so a family widens instead of colours merging.
//!
//! A side's family is a hue: the first belligerent side (by `order`) warm
//! red-orange, the second cool blue, then green, purple, ochre, teal; a
//! neutral side low-chroma beige-grey; a side marked `distinct` (foreign
//! interventions, say: powers on one side but not one camp) get no hue
//! preference. Powers with no side take the hues the sides leave, in that
//! order (red, blue, green, ...), and aim for [`SPREAD`] rather than
//! [`TARGET`] from every other power. Within a side the power with most
//! features picks first and gets the family's centre; sides take turns.

mod memo;
mod patterns;
mod place;
mod vision;

use std::collections::BTreeMap;

use super::Color;
use crate::model::{Pattern, Role, Texture, Theatre};
pub use patterns::pattern_difference;
use place::{candidates, place, Colors};
use vision::{dark_shades, srgb, Seen};
pub use vision::{distance_all_visions, distance_by_vision, VISIONS};

/// Distance (CIEDE2000) the palette aims for between any two powers: the
/// guarantee is 10, the rest is margin for anti-aliasing and print.
pub const TARGET: f64 = 11.0;
/// Distance the palette aims for between a power with no side and every
/// other power, when the theatre leaves room: such powers are told apart
/// by colour alone, often across a front line.
pub const SPREAD: f64 = 16.0;
/// Distance guaranteed between any two automatic colours, in normal vision
/// and under deuteranopia and protanopia.
pub const MIN_POWER_DISTANCE: f64 = 10.0;
/// Distance guaranteed between an automatic colour and the land and water colours.
pub const MIN_GROUND_DISTANCE: f64 = 15.0;
/// Powers the palette promises to keep apart.
pub const MAX_POWERS: usize = 16;

/// Properties of features that name a power.
pub const POWER_KEYS: [&str; 3] = ["power", "left_power", "right_power"];

/// A power as drawn: its colour and print pattern.
#[derive(Debug, Clone, PartialEq)]
pub struct PowerLook {
    /// Fill colour.
    pub color: Color,
    /// The same hue darker, for lines, arrows and hatching drawn over fills.
    pub dark: Color,
    /// Print pattern.
    pub pattern: Pattern,
    /// Whether the manifest gave the colour.
    pub given: bool,
    /// The power's place (from 0) in the order powers pick their colours
    /// and patterns: a style gives each power a distinct mark by it (the
    /// print style's arrows: a grey and a stripe per power).
    pub mark: usize,
}

/// Colours and patterns of every power of a theatre (declared in the
/// manifest or only named by the data).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Palette {
    looks: BTreeMap<String, PowerLook>,
    /// Pairs the palette could not keep [`MIN_POWER_DISTANCE`] apart (given
    /// colours too close, or too many powers), as messages.
    pub warnings: Vec<String>,
}

/// Every power code of the theatre: declared ones, then any the data names
/// that the manifest does not (a theatre may declare none).
pub fn power_codes(theatre: &Theatre) -> Vec<String> {
    let mut codes: Vec<String> = theatre.powers.keys().cloned().collect();
    let mut extra = std::collections::BTreeSet::new();
    for layer in &theatre.layers {
        for f in &layer.features {
            for key in POWER_KEYS {
                if let Some(c) = f.str_prop(key) {
                    if !theatre.powers.contains_key(c) {
                        extra.insert(c.to_string());
                    }
                }
            }
        }
    }
    codes.extend(extra);
    codes
}

/// The power codes named as `power` by a feature of a movement or
/// presence layer: the powers whose dark shade is drawn (arrows, hatching).
fn drawn_in_dark_shade(theatre: &Theatre) -> std::collections::BTreeSet<&str> {
    theatre
        .layers
        .iter()
        .filter(|l| matches!(l.role, Some(Role::Movement | Role::Presence)))
        .flat_map(|l| l.features.iter().filter_map(|f| f.str_prop("power")))
        .collect()
}

/// `order` with every power that is a shade of another moved to just
/// after that other: its family is the other's colour.
fn shades_after_their_power<'a>(
    theatre: &Theatre,
    order: impl Iterator<Item = &'a String>,
) -> Vec<&'a String> {
    let of = |c: &str| theatre.powers.get(c).and_then(|p| p.shade_of.as_deref());
    let order: Vec<&String> = order.collect();
    let mut out: Vec<&String> = Vec::with_capacity(order.len());
    for c in &order {
        if of(c).is_some_and(|o| order.iter().any(|d| d.as_str() == o)) {
            continue;
        }
        out.push(c);
        out.extend(order.iter().filter(|d| of(d) == Some(c.as_str())));
    }
    out
}

/// Which powers appear on one phase's map together: both have a feature in
/// force on some phase's snapshot. A power no phase shows is taken to meet
/// every other (nothing says it does not). The palette keeps *every* pair
/// apart (a sheet or a change map shows powers of different phases side by
/// side); this finer relation is for reports and tests.
pub fn together(theatre: &Theatre, codes: &[&String]) -> Vec<Vec<bool>> {
    let index: BTreeMap<&str, usize> = codes
        .iter()
        .enumerate()
        .map(|(i, c)| (c.as_str(), i))
        .collect();
    let n = codes.len();
    let mut seen = vec![false; n];
    let mut out = vec![vec![false; n]; n];
    for phase in &theatre.phases {
        let mut present = vec![false; n];
        for f in theatre.layers.iter().flat_map(|l| &l.features) {
            if f.is_active(phase.snapshot) {
                for key in POWER_KEYS {
                    if let Some(&i) = f.str_prop(key).and_then(|c| index.get(c)) {
                        present[i] = true;
                    }
                }
            }
        }
        for a in 0..n {
            for b in 0..n {
                out[a][b] |= present[a] && present[b];
            }
            seen[a] |= present[a];
        }
    }
    for a in 0..n {
        for b in 0..n {
            out[a][b] |= !seen[a] || !seen[b];
        }
    }
    out
}

impl Palette {
    /// The palette of `theatre`, keeping clear of the `ground` colours (the
    /// style's land and water).
    pub fn new(theatre: &Theatre, ground: &[Color]) -> Palette {
        Palette::beside_water(theatre, ground, &[], &[])
    }

    /// As [`Palette::new`], and the hue families keep
    /// `WATER_HUE_GAP` (45) degrees from the hue of each of `water`
    /// (the style's water colours, also in `ground`): a zone in the sea's
    /// hue reads as water. Every colour also keeps [`MIN_POWER_DISTANCE`]
    /// from each of `lines` (rivers, coasts, lake shores: lines drawn over
    /// the zones) in normal vision; for colour-blind readers the style
    /// draws rivers with a casing in the land's colour.
    pub fn beside_water(
        theatre: &Theatre,
        ground: &[Color],
        lines: &[Color],
        water: &[Color],
    ) -> Palette {
        memo::palette(memo::Key::of(theatre, ground, lines, water), || {
            Palette::made_beside_water(theatre, ground, lines, water)
        })
    }

    /// [`Palette::beside_water`], made afresh (not taken from the last
    /// palette made with the same inputs).
    fn made_beside_water(
        theatre: &Theatre,
        ground: &[Color],
        lines: &[Color],
        water: &[Color],
    ) -> Palette {
        let waters = place::water_hues(water);
        let codes = power_codes(theatre);
        // Side order, then code: the order powers pick their colours in.
        let side_rank = |code: &str| {
            theatre
                .side_of(code)
                .and_then(|s| theatre.sides.iter().position(|t| t.id == s.id))
                .unwrap_or(usize::MAX)
        };
        // Round robin over the sides (each side's first power, then each
        // side's second, ...), so every family gets its own centre before
        // any family crowds the colours around it.
        // Within a side, the power with most features first: it gets the
        // family's centre.
        let mut features: BTreeMap<&str, usize> = BTreeMap::new();
        for f in theatre.layers.iter().flat_map(|l| &l.features) {
            if let Some(c) = f.str_prop("power") {
                *features.entry(c).or_default() += 1;
            }
        }
        let mut order: Vec<&String> = codes.iter().collect();
        order.sort_by_key(|c| {
            let n = features.get(c.as_str()).copied().unwrap_or(0);
            (side_rank(c), std::cmp::Reverse(n), c.as_str())
        });
        let mut nth = Vec::with_capacity(order.len());
        for (i, c) in order.iter().enumerate() {
            let before = order[..i]
                .iter()
                .filter(|d| side_rank(d) == side_rank(c))
                .count();
            nth.push((before, side_rank(c)));
        }
        // Neutral powers first: their window (light greys) is narrow, and
        // taken last it may be full, leaving a neutral the darkest fill.
        let neutral = |c: &str| theatre.side_of(c).is_some_and(|s| s.neutral);
        let mut keyed: Vec<((bool, usize, usize), &String)> = nth
            .into_iter()
            .zip(order)
            .map(|((k, side), c)| ((!neutral(c), k, side), c))
            .collect();
        keyed.sort_by_key(|(k, _)| *k);
        let order = shades_after_their_power(theatre, keyed.into_iter().map(|(_, c)| c));

        let given = |c: &str| theatre.powers.get(c).and_then(|p| p.color);
        let cands = candidates();
        // Near the families first; if that leaves a pair too close, early
        // colours are spread further apart (a higher cap), up to plain
        // farthest-point choice, which packs many colours best. Powers
        // with no side first try to stay [`SPREAD`] apart: nothing else
        // (a family) tells them apart.
        let mut best: Option<(f64, Colors, Vec<String>, usize)> = None;
        let caps = [
            (TARGET, SPREAD),
            (TARGET, TARGET),
            (13.0, 13.0),
            (16.0, 16.0),
            (20.0, 20.0),
            (f64::INFINITY, f64::INFINITY),
        ];
        for (cap, spread) in caps {
            let (colors, closest, warnings, strays) = place(
                theatre,
                &order,
                &cands,
                (ground, lines, &waters),
                cap,
                spread,
                &given,
            );
            // Every pair apart first, then every power in its family.
            let rank = |closest: f64, strays: usize| {
                (closest >= MIN_POWER_DISTANCE, std::cmp::Reverse(strays))
            };
            let better = best.as_ref().is_none_or(|b| {
                let (new, old) = (rank(closest, strays), rank(b.0, b.3));
                new > old || (new == old && closest > b.0)
            });
            if better {
                best = Some((closest, colors, warnings, strays));
            }
            if closest >= MIN_POWER_DISTANCE && strays == 0 {
                break;
            }
        }
        let (_, colors, mut warnings, _) = best.unwrap_or_default();
        let placed: Vec<(String, Seen)> = order
            .iter()
            .map(|c| (c.to_string(), Seen::new(srgb(colors[c.as_str()].0))))
            .collect();
        // Given colours may be too close to each other or to the ground:
        // the palette cannot move them, so it says so.
        for (i, (a, sa)) in placed.iter().enumerate() {
            for (b, sb) in placed.iter().skip(i + 1) {
                if given(a).is_some() && given(b).is_some() {
                    let d = sa.distance(sb);
                    if d < MIN_POWER_DISTANCE {
                        warnings.push(format!(
                            "palette: the given colours of \"{a}\" and \"{b}\" are only {d:.1} CIEDE2000 apart (for colour-blind readers too, {MIN_POWER_DISTANCE} or more is needed)"
                        ));
                    }
                }
            }
        }

        // A given colour near the land or water reads as unclaimed ground
        // (its zone vanishes, its arrows too).
        for (code, seen) in placed.iter().filter(|(c, _)| given(c).is_some()) {
            let nearest = ground
                .iter()
                .map(|g| (seen.distance(&Seen::new(srgb([g.r, g.g, g.b]))), g))
                .min_by(|a, b| a.0.total_cmp(&b.0));
            if let Some((d, g)) = nearest.filter(|(d, _)| *d < MIN_GROUND_DISTANCE) {
                warnings.push(format!(
                    "palette: the given colour of \"{code}\" is only {d:.1} CIEDE2000 from the style's land or water colour {} ({MIN_GROUND_DISTANCE} or more is needed, for colour-blind readers too, or its zones read as unclaimed ground)",
                    g.hex()
                ));
            }
        }

        // A given colour near a river's hides the rivers in its zones.
        for (code, seen) in placed.iter().filter(|(c, _)| given(c).is_some()) {
            for l in lines {
                let d = seen.normal_distance(&Seen::new(srgb([l.r, l.g, l.b])));
                if d < MIN_POWER_DISTANCE {
                    warnings.push(format!(
                        "palette: the given colour of \"{code}\" is only {d:.1} CIEDE2000 from the style's river or shore colour {} ({MIN_POWER_DISTANCE} or more is needed, or rivers vanish in its zones)",
                        l.hex()
                    ));
                }
            }
        }

        // Patterns: given ones kept, the rest handed out by kind.
        let mut patterns = patterns::assign(theatre, &order);
        // Dark shades are drawn as arrows and hatching: those of the powers
        // that have either must be told apart from each other.
        let drawn_dark = drawn_in_dark_shade(theatre);
        let darks = dark_shades(
            &order
                .iter()
                .map(|c| (colors[c.as_str()].0, drawn_dark.contains(c.as_str())))
                .collect::<Vec<_>>(),
            MIN_POWER_DISTANCE,
        );
        let mut looks = BTreeMap::new();
        for (mark, (code, dark)) in order.into_iter().zip(darks).enumerate() {
            let (rgb, is_given) = colors[code.as_str()];
            let pattern = patterns.remove(code.as_str()).unwrap_or(Pattern {
                angle: 45.0,
                spacing: 9.0,
                texture: Texture::Lines,
            });
            looks.insert(
                code.clone(),
                PowerLook {
                    color: Color::rgb(rgb[0], rgb[1], rgb[2]),
                    dark,
                    pattern,
                    given: is_given,
                    mark,
                },
            );
        }
        Palette { looks, warnings }
    }

    /// Colour and pattern of a power code, if the theatre has it.
    pub fn look(&self, code: &str) -> Option<&PowerLook> {
        self.looks.get(code)
    }

    /// Every power code with its look, in code order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &PowerLook)> {
        self.looks.iter().map(|(k, v)| (k.as_str(), v))
    }
}

/// The [`PowerLookup`](super::expr::PowerLookup) compose hands to
/// expressions: names from the theatre, looks from the palette.
pub struct Powers<'a> {
    /// The theatre (names, sides).
    pub theatre: &'a Theatre,
    /// Its palette for the style being drawn.
    pub palette: &'a Palette,
}

impl super::expr::PowerLookup for Powers<'_> {
    fn name(&self, code: &str) -> String {
        self.theatre.power_name(code).to_string()
    }
    fn color(&self, code: &str) -> Option<Color> {
        self.palette.look(code).map(|l| l.color)
    }
    fn dark(&self, code: &str) -> Option<Color> {
        self.palette.look(code).map(|l| l.dark)
    }
    fn pattern(&self, code: &str) -> Option<Pattern> {
        self.palette.look(code).map(|l| l.pattern)
    }
    fn mark(&self, code: &str) -> Option<usize> {
        self.palette.look(code).map(|l| l.mark)
    }
    fn side(&self, code: &str) -> Option<String> {
        self.theatre.side_of(code).map(|s| s.id.clone())
    }
    fn teeth_rule(
        &self,
        properties: &serde_json::Map<String, serde_json::Value>,
    ) -> Option<String> {
        self.theatre.teeth_rule(properties)
    }
    fn front_owner(
        &self,
        properties: &serde_json::Map<String, serde_json::Value>,
    ) -> Option<crate::model::FrontOwner> {
        self.theatre.front_owner(properties)
    }
}

#[cfg(test)]
mod tests;
