//! The `pdf` command: the phase maps, or the sheet, as vector PDFs with a
//! document title, on a page of their own size or fitted onto paper.

use rayon::prelude::*;

use super::session::{load_request, out_dir};
use super::sheet::sheet_of;
use super::{RenderRequest, Session};
use crate::compose::Scene;
use crate::error::Result;
use crate::limits::MIN_WIDTH;
use crate::render::{self, Orientation, Paper, PaperPage, PdfInfo};
use crate::{model, style};

/// What the `pdf` command writes and on which page.
#[derive(Debug, Clone, Default)]
pub struct PdfOptions {
    /// The sheet of the request's phases (`sheet.pdf`) instead of one PDF
    /// per phase.
    pub sheet: bool,
    /// Paper to fit the map onto; `None`: a page of the map's own size at
    /// 150 px to the inch.
    pub paper: Option<Paper>,
    /// Which way round the paper is; `None`: as the map is (landscape
    /// unless the map is taller than wide).
    pub orientation: Option<Orientation>,
    /// Lay the map out for the paper's width (at 150 px to the inch)
    /// instead of the request's width, so its text prints at the size it
    /// was laid out for (the command line: `--paper` without `--width`).
    pub width_from_paper: bool,
}

/// Writes `<phase>.pdf` for each of the request's phases, or `sheet.pdf`.
pub fn write_pdfs(req: &RenderRequest, opts: &PdfOptions) -> Result<Vec<render::Written>> {
    let (theatre, style) = load_request(req)?;
    let out = out_dir(req, &theatre)?;
    let stage = render::Staging::new(&out)?;
    let written = if opts.sheet {
        let (scenes, page) = fitted(req, opts, |width| {
            let req = RenderRequest {
                width,
                ..req.clone()
            };
            Ok(vec![sheet_of(&theatre, &style, &req, None, None)?])
        })?;
        let words = model::words(&theatre.language);
        let title = format!("{} \u{2013} {}", theatre.title, words.phases_compared);
        scenes
            .iter()
            .map(|s| {
                render::write_pdf(
                    s,
                    stage.dir(),
                    "sheet",
                    &info(&theatre, title.clone()),
                    page,
                )
            })
            .collect::<Result<Vec<_>>>()?
    } else {
        let (scenes, page) = fitted(req, opts, |width| {
            phase_scenes(&theatre, &style, req, width)
        })?;
        scenes
            .par_iter()
            .map(|s| {
                let phase = theatre.phase(&s.phase).map_or("", |p| p.title.as_str());
                let title = format!("{} \u{2013} {phase}", theatre.title);
                render::write_pdf(s, stage.dir(), &s.phase, &info(&theatre, title), page)
            })
            .collect::<Result<Vec<_>>>()?
    };
    stage.publish(written)
}

/// The document information of a map of `theatre` titled `title`: the
/// author and subject come from the manifest's `publishing` section (its
/// author; its categories, which say what the maps are of).
fn info(theatre: &model::Theatre, title: String) -> PdfInfo {
    let publishing = &theatre.publishing;
    PdfInfo {
        title,
        author: publishing.author.clone(),
        subject: (!publishing.categories.is_empty()).then(|| publishing.categories.join("; ")),
    }
}

/// The phase maps of the request at `width`.
fn phase_scenes(
    theatre: &model::Theatre,
    style: &style::Style,
    req: &RenderRequest,
    width: f64,
) -> Result<Vec<Scene>> {
    let session = Session::new(theatre.clone(), style.clone(), width)?;
    let phases = session.select_phases(&req.phases)?;
    Ok(session.scenes(&phases, &|| {}))
}

/// The scenes `compose` makes at some width, with the paper page they are
/// fitted onto. Without paper: at the request's width, on pages of their
/// own size. With paper: laid out for the paper's width (when
/// `width_from_paper`), turned as the map is (unless the orientation is
/// given), and laid out again narrower when too tall for the page, so the
/// map fills the page with its text at the size it was laid out for.
fn fitted(
    req: &RenderRequest,
    opts: &PdfOptions,
    compose: impl Fn(f64) -> Result<Vec<Scene>>,
) -> Result<(Vec<Scene>, Option<PaperPage>)> {
    let Some(paper) = opts.paper else {
        return Ok((compose(req.width)?, None));
    };
    let page = |orientation| PaperPage { paper, orientation };
    let width_on = |page: PaperPage| {
        if opts.width_from_paper {
            page.inner_px().0.floor()
        } else {
            req.width
        }
    };
    let mut page = page(opts.orientation.unwrap_or(Orientation::Landscape));
    let mut scenes = compose(width_on(page))?;
    if opts.orientation.is_none() && scenes.iter().any(|s| s.height > s.width) {
        page.orientation = Orientation::Portrait;
        if opts.width_from_paper {
            scenes = compose(width_on(page))?;
        }
    }
    if opts.width_from_paper {
        let (w, h) = page.inner_px();
        let over = scenes
            .iter()
            .map(|s| (s.width / w).max(s.height / h))
            .fold(0.0, f64::max);
        if over > 1.0 {
            let narrower = (scenes[0].width / over).floor().max(MIN_WIDTH);
            scenes = compose(narrower)?;
        }
    }
    Ok((scenes, Some(page)))
}
