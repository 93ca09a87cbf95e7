//! Stage 6, **render**: the only stage that writes files. A scene's SVG text
//! is written as is, and the PNG is rasterised by resvg from that very
//! string, so the two can never drift apart. Every file is written to a
//! temporary file in the same folder and renamed into place: an error or an
//! interrupt never leaves a half-written output. A command's files are
//! written into a [`Staging`] folder and published together, so it leaves
//! all of its outputs or none.

pub mod animate;
pub mod gif;
pub mod html;
mod page_data;
mod page_map;
mod pdf;
mod png;
mod publish;
mod raster;
mod underlay;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, OnceLock};

use resvg::usvg;

use crate::compose::{text::font_faces, Scene};
use crate::error::{Error, Result};
use crate::limits::MAX_SIDE_PX;

pub use pdf::{svg_to_pdf, Orientation, Paper, PaperPage, PdfInfo};
pub use png::encode_png;
pub use publish::Staging;
pub use raster::Raster;

/// Page width in pixels when none is asked for: `render`, `html` and
/// `serve` all compose for it, so the page shows the maps as printed.
pub const DEFAULT_WIDTH: u32 = 2400;

/// Output formats of a phase map.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Format {
    /// The SVG scene.
    Svg,
    /// PNG rasterised from the SVG.
    Png,
    /// The interactive page of all phases (one per theatre, not per phase).
    Html,
}

impl Format {
    /// File extension.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Svg => "svg",
            Format::Png => "png",
            Format::Html => "html",
        }
    }
}

/// A file that was written, for the summary table.
#[derive(Debug, Clone)]
pub struct Written {
    /// Where.
    pub path: PathBuf,
    /// Size in bytes.
    pub bytes: u64,
    /// Anything the summary should say about it (an animation's size).
    pub note: String,
}

/// The bundled fonts as a resvg font database, built once.
pub fn fontdb() -> Arc<usvg::fontdb::Database> {
    static DB: OnceLock<Arc<usvg::fontdb::Database>> = OnceLock::new();
    DB.get_or_init(|| {
        let mut db = usvg::fontdb::Database::new();
        // Borrowed from the binary, not copied (2.7 MB of fonts).
        for face in font_faces() {
            db.load_font_source(usvg::fontdb::Source::Binary(Arc::new(face)));
        }
        db.set_sans_serif_family(crate::compose::text::FONT_FAMILY);
        Arc::new(db)
    })
    .clone()
}

fn usvg_options() -> usvg::Options<'static> {
    let mut opt = usvg::Options {
        font_family: crate::compose::text::FONT_FAMILY.to_string(),
        ..Default::default()
    };
    opt.fontdb = fontdb();
    opt
}

/// Parses SVG text with the bundled fonts.
pub fn parse_svg(svg: &str, what: &str) -> Result<usvg::Tree> {
    usvg::Tree::from_str(svg, &usvg_options()).map_err(|e| Error::Rasterize {
        what: what.to_string(),
        message: e.to_string(),
    })
}

/// Parses SVG text for rasterising: its tree and pixel size, refused when
/// a side is larger than phasemap rasterises.
fn parse_for_raster(svg: &str, what: &str) -> Result<(usvg::Tree, (u32, u32))> {
    let tree = parse_svg(svg, what)?;
    let size = tree.size().to_int_size();
    if f64::from(size.width()) > MAX_SIDE_PX || f64::from(size.height()) > MAX_SIDE_PX {
        return Err(Error::Request(format!(
            "{what}: {}x{} px is larger than the {MAX_SIDE_PX} px a side (the longer side) \
             phasemap rasterises; use a --width of at most {} px",
            size.width(),
            size.height(),
            (f64::from(size.width()) * MAX_SIDE_PX / f64::from(size.width().max(size.height())))
                .floor()
        )));
    }
    Ok((tree, (size.width(), size.height())))
}

fn empty_image(what: &str) -> Error {
    Error::Rasterize {
        what: what.to_string(),
        message: "empty image".into(),
    }
}

/// Rasterises SVG text to RGBA pixels at its own size.
pub fn rasterize(svg: &str, what: &str) -> Result<resvg::tiny_skia::Pixmap> {
    draw(svg, what, resvg::tiny_skia::Pixmap::new, |p| {
        Some(p.as_mut())
    })
}

/// [`rasterize`], into memory that is given back to the system when the
/// raster is dropped (see [`Raster`]): for pages, rasterised, encoded and
/// let go one after another.
pub fn rasterize_page(svg: &str, what: &str) -> Result<Raster> {
    draw(svg, what, Raster::new, Raster::pixmap_mut)
}

/// [`rasterize`] without drawing what earlier maps shared once (see
/// `underlay`): the whole document parsed and drawn at once. The pixels
/// are the same; tests compare the two.
pub fn rasterize_whole(svg: &str, what: &str) -> Result<resvg::tiny_skia::Pixmap> {
    let (tree, (w, h)) = parse_for_raster(svg, what)?;
    let mut pixmap = resvg::tiny_skia::Pixmap::new(w, h).ok_or_else(|| empty_image(what))?;
    resvg::render(
        &tree,
        resvg::tiny_skia::Transform::identity(),
        &mut pixmap.as_mut(),
    );
    Ok(pixmap)
}

/// Lets go of the shared layers kept for maps still to come (see
/// `underlay`): when a run has drawn its pages.
pub fn forget_shared_layers() {
    underlay::forget();
}

/// How many maps were drawn over shared layers so far (tests check that
/// sharing happens at all).
pub fn shared_layer_hits() -> usize {
    underlay::hits()
}

/// Draws `svg` into pixels `new` makes (`pixels` lends them to draw on):
/// over the shared underlay when earlier maps drew it alike (see
/// `underlay`), else the whole document.
fn draw<T>(
    svg: &str,
    what: &str,
    new: impl Fn(u32, u32) -> Option<T>,
    pixels: impl for<'a> Fn(&'a mut T) -> Option<resvg::tiny_skia::PixmapMut<'a>>,
) -> Result<T> {
    if let Some(plan) = underlay::Cut::of(svg).and_then(|cut| underlay::plan(&cut)) {
        let (rest, (w, h)) = parse_for_raster(&plan.rest, what)?;
        let whole = |doc: &str| {
            let (tree, (w, h)) = parse_for_raster(doc, what).ok()?;
            // Mapped memory, as pages are (see `Raster`): a freed malloc
            // block this large would keep later pages in glibc's heaps.
            let mut r = Raster::new(w, h)?;
            resvg::render(
                &tree,
                resvg::tiny_skia::Transform::identity(),
                &mut r.pixmap_mut()?,
            );
            Some((r, w, h))
        };
        let bounds = |doc: &str| {
            let (tree, _) = parse_for_raster(doc, what).ok()?;
            underlay::touched_tree(&tree)
        };
        if let Some(u) = underlay::underlay(&plan, whole, bounds) {
            if underlay::passable(&u, &rest, &plan.passed) {
                let mut out = new(w, h).ok_or_else(|| empty_image(what))?;
                let mut pixmap = pixels(&mut out).ok_or_else(|| empty_image(what))?;
                if underlay::draw_over(&u, &rest, &mut pixmap) {
                    return Ok(out);
                }
            }
        }
    }
    let (tree, (w, h)) = parse_for_raster(svg, what)?;
    let mut out = new(w, h).ok_or_else(|| empty_image(what))?;
    let mut pixmap = pixels(&mut out).ok_or_else(|| empty_image(what))?;
    resvg::render(&tree, resvg::tiny_skia::Transform::identity(), &mut pixmap);
    Ok(out)
}

/// A page rasterised from SVG text and encoded as PNG, the pixels let go
/// before the bytes are returned.
pub fn page_png(svg: &str, what: &str) -> Result<Vec<u8>> {
    let raster = rasterize_page(svg, what)?;
    let pixmap = raster.pixmap().ok_or_else(|| empty_image(what))?;
    Ok(png::encode_pixmap(pixmap))
}

/// The SVG with every text converted to outlines (for users whose viewers
/// lack DejaVu Sans); the same fonts the PNG uses shape the glyphs.
pub fn outline_text(svg: &str, what: &str) -> Result<String> {
    let tree = parse_svg(svg, what)?;
    Ok(tree.to_string(&usvg::WriteOptions {
        coordinates_precision: 2,
        transforms_precision: 4,
        ..Default::default()
    }))
}

/// Temporary files being written, so an interrupt can remove them.
static IN_FLIGHT: Mutex<BTreeSet<PathBuf>> = Mutex::new(BTreeSet::new());
/// Set once by [`interrupt`]; no temporary file is created after it.
static INTERRUPTED: AtomicBool = AtomicBool::new(false);

fn in_flight() -> MutexGuard<'static, BTreeSet<PathBuf>> {
    IN_FLIGHT.lock().unwrap_or_else(|e| e.into_inner())
}

/// Called from a signal handler (Ctrl-C) just before the process exits:
/// removes every temporary file being written and stops new ones from being
/// created, so an interrupted render leaves only complete files behind.
/// Does not return the registry's lock, so no writer can start afterwards.
pub fn interrupt() {
    INTERRUPTED.store(true, Ordering::SeqCst);
    let guard = in_flight();
    for p in guard.iter() {
        // A staging folder (see `publish`) or a temporary file.
        if p.is_dir() {
            let _ = std::fs::remove_dir_all(p);
        } else {
            let _ = std::fs::remove_file(p);
        }
    }
    // Keep the lock until the process exits.
    std::mem::forget(guard);
}

/// Writes `bytes` to `path` atomically: a temporary file in the same folder,
/// then a rename. An existing file is replaced only by a complete new one.
/// The temporary file is registered for [`interrupt`] while it exists.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<Written> {
    use std::io::Write;
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let werr = |source| Error::Write {
        path: path.to_path_buf(),
        cause: source,
    };
    let interrupted = || {
        werr(std::io::Error::new(
            std::io::ErrorKind::Interrupted,
            "interrupted",
        ))
    };
    // Created and registered under the lock, so `interrupt` sees every one.
    let mut tmp = {
        let mut registry = in_flight();
        if INTERRUPTED.load(Ordering::SeqCst) {
            return Err(interrupted());
        }
        let mut builder = tempfile::Builder::new();
        builder.prefix(".phasemap-").suffix(".part");
        // Like File::create (0666 less the umask), not tempfile's private 0600:
        // maps are meant to be shared.
        #[cfg(unix)]
        builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666));
        let tmp = builder.tempfile_in(dir).map_err(werr)?;
        // Locked while written: a later command removes it only once no
        // process holds it (see `publish::remove_abandoned`).
        tmp.as_file().try_lock().map_err(|e| werr(e.into()))?;
        registry.insert(tmp.path().to_path_buf());
        tmp
    };
    let tmp_path = tmp.path().to_path_buf();
    let result = tmp
        .write_all(bytes)
        .and_then(|()| tmp.as_file().sync_all())
        .map_err(werr)
        .and_then(|()| tmp.persist(path).map(drop).map_err(|e| werr(e.error)));
    in_flight().remove(&tmp_path);
    result?;
    Ok(Written {
        path: path.to_path_buf(),
        bytes: bytes.len() as u64,
        note: String::new(),
    })
}

/// Creates the output folder (and parents).
pub fn ensure_dir(dir: &Path) -> Result<()> {
    let fail = |reason: String| Error::CreateDir {
        path: dir.to_path_buf(),
        reason,
    };
    if dir.exists() && !dir.is_dir() {
        return Err(fail("it exists and is not a folder".into()));
    }
    std::fs::create_dir_all(dir).map_err(|cause| fail(why_no_folder(dir, &cause)))
}

/// Why `dir` could not be made: the nearest folder above it that exists,
/// the name that could not be made in it, and the OS's reason (which alone
/// can mislead: a virtual file system such as /proc answers "No such file
/// or directory").
fn why_no_folder(dir: &Path, cause: &std::io::Error) -> String {
    let Some(existing) = dir.ancestors().skip(1).find(|a| a.exists()) else {
        return cause.to_string();
    };
    if !existing.is_dir() {
        return format!("{} is a file, not a folder", existing.display());
    }
    let first_missing = dir
        .strip_prefix(existing)
        .ok()
        .and_then(|rest| rest.components().next())
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .unwrap_or_default();
    let place = if existing.as_os_str().is_empty() {
        "the current folder".to_string()
    } else {
        existing.display().to_string()
    };
    format!("making {first_missing:?} in {place} failed: {cause}")
}

/// Writes one phase map as `<out>/<phase>.svg` and/or `.png`.
pub fn write_scene(
    scene: &Scene,
    out: &Path,
    stem: &str,
    formats: &[Format],
    outline: bool,
) -> Result<Vec<Written>> {
    let what = format!("{stem}.svg");
    // Borrowed unless converted: no copy of the scene's SVG.
    let svg = if outline {
        std::borrow::Cow::Owned(outline_text(&scene.svg, &what)?)
    } else {
        std::borrow::Cow::Borrowed(scene.svg.as_str())
    };
    // Every format is made before any is written: a PNG that cannot be
    // rasterised (too large a page) must not leave its SVG behind alone.
    let mut files = Vec::new();
    for f in formats.iter().filter(|f| **f != Format::Html) {
        let path = out.join(format!("{stem}.{}", f.extension()));
        // The SVG's bytes are borrowed from the text, not copied.
        let bytes: std::borrow::Cow<[u8]> = match f {
            Format::Svg => std::borrow::Cow::Borrowed(svg.as_bytes()),
            Format::Png => std::borrow::Cow::Owned(page_png(&svg, &what)?),
            Format::Html => continue,
        };
        files.push((path, bytes));
    }
    let mut written = Vec::new();
    for (path, bytes) in &files {
        match write_atomic(path, bytes) {
            Ok(w) => written.push(w),
            Err(e) => {
                for w in &written {
                    let _ = std::fs::remove_file(&w.path);
                }
                return Err(e);
            }
        }
    }
    Ok(written)
}

/// Writes `<out>/<stem>.svg` and `.png` (rasterised from that SVG text).
pub fn write_svg_png(scene: &Scene, out: &Path, stem: &str) -> Result<Vec<Written>> {
    write_scene(scene, out, stem, &[Format::Svg, Format::Png], false)
}

/// Writes `<out>/<stem>.pdf` from the scene's SVG text, on a page of its
/// own size or fitted onto `paper`.
pub fn write_pdf(
    scene: &Scene,
    out: &Path,
    stem: &str,
    info: &PdfInfo,
    paper: Option<PaperPage>,
) -> Result<Written> {
    let bytes = svg_to_pdf(&scene.svg, &format!("{stem}.pdf"), info, paper)?;
    write_atomic(&out.join(format!("{stem}.pdf")), &bytes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compose::text::{text_width, FontStyle};

    /// A page's PNG drawn into mapped memory is the PNG of the same SVG
    /// rasterised into a tiny-skia pixmap, byte for byte.
    #[test]
    fn a_page_png_is_the_png_of_its_svg() {
        let svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"301\" height=\"157\">\
                   <rect width=\"301\" height=\"157\" fill=\"#c6ecff\"/>\
                   <path d=\"M10.3 20.7 L250.2 40.1 L120.9 140.6 Z\" fill=\"#fefee9\" stroke=\"#446\" stroke-width=\"1.7\"/>\
                   <circle cx=\"200.5\" cy=\"90.2\" r=\"30.3\" fill=\"#c00\" fill-opacity=\"0.6\"/>\
                   <text x=\"20\" y=\"130\" font-size=\"19\">Town on the river</text></svg>";
        let png = page_png(svg, "test").unwrap();
        assert_eq!(png, encode_png(&rasterize(svg, "test").unwrap()));
        assert!(png.len() > 1000, "something drawn");
    }

    /// Label boxes are measured as resvg draws the labels: the width
    /// `text_width` gives equals the width of the text box resvg lays out
    /// (the sum of the shaped advances, kerning included) for the same
    /// text, size and face. Kerned pairs (`AV`, `Te`, `Yo`) are where the
    /// sum of per-character advances was off.
    #[test]
    fn label_widths_match_the_text_resvg_lays_out() {
        let labels = [
            "Town",
            "AVAVAVAV",
            "Tower Yard",
            "Yellow Avenue",
            "WAVE LYTTON",
            "Lake Water",
            "Новый город",
            "Vale of Toy (Av. Te)",
        ];
        let styles = [
            FontStyle::default(),
            FontStyle {
                bold: true,
                italic: false,
            },
            FontStyle {
                bold: false,
                italic: true,
            },
            FontStyle {
                bold: true,
                italic: true,
            },
        ];
        let size = 20.0;
        for style in styles {
            for label in labels {
                let svg = format!(
                    "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"1200\" height=\"60\">\
                     <text x=\"10\" y=\"40\" font-family=\"{}\" font-size=\"{size}\"{}>{label}</text></svg>",
                    crate::compose::text::FONT_FAMILY,
                    style.svg_attrs()
                );
                let tree = parse_svg(&svg, "test").unwrap();
                let drawn: Vec<f64> = tree
                    .root()
                    .children()
                    .iter()
                    .filter_map(|n| match n {
                        usvg::Node::Text(t) => Some(f64::from(t.bounding_box().width())),
                        _ => None,
                    })
                    .collect();
                assert_eq!(drawn.len(), 1, "{label}");
                let ours = text_width(label, size, style);
                assert!(
                    (ours - drawn[0]).abs() < 0.05,
                    "{label} {style:?}: measured {ours:.2} px, resvg lays out {:.2} px",
                    drawn[0]
                );
            }
        }
    }
}
