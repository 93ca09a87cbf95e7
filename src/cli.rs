//! Command-line arguments (clap derive only; the work happens in the library).

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Maps of a theatre of operations, phase by phase.
///
/// With no subcommand, renders a theatre (`--theatre`; default: the built-in
/// one, embedded in the binary) into output/<theatre id> (or `--out`): every
/// phase map, the sheet of all phases, the change maps of consecutive phases
/// and the animation.
#[derive(Debug, Parser)]
#[command(
    name = "phasemap",
    version,
    about,
    long_about = None,
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Theatre, style and output folder of the default run (no subcommand).
    #[command(flatten)]
    pub default_run: CommonArgs,
}

/// The command line `args` (program name first) with the options written
/// before the subcommand moved after it (`phasemap --out x render` ->
/// `phasemap render --out x`), when options come first and a later word
/// names a subcommand: the line to suggest when clap refuses the order.
pub fn options_after_subcommand(args: &[String]) -> Option<String> {
    use clap::CommandFactory;
    if !args.get(1)?.starts_with('-') {
        return None;
    }
    let cmd = Cli::command();
    let names: Vec<&str> = cmd.get_subcommands().map(|c| c.get_name()).collect();
    let at = (2..args.len()).find(|&i| names.contains(&args[i].as_str()))?;
    let mut line = vec!["phasemap", args[at].as_str()];
    line.extend(args[1..at].iter().map(String::as_str));
    line.extend(args[at + 1..].iter().map(String::as_str));
    Some(line.join(" "))
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Render phase maps as SVG and PNG.
    Render(RenderArgs),
    /// Validate a theatre: manifest, dates, powers, geometry, overlaps, and
    /// everything `render` checks before drawing (style, projection).
    Check(CheckArgs),
    /// List the theatre's phases and layers.
    List(ListArgs),
    /// Write the interactive page (index.html) of all phases.
    Html(CommonArgs),
    /// Serve the interactive page and rebuild it when the data or style change.
    Serve(ServeArgs),
    /// Write sheet.svg and sheet.png: the phase maps side by side, one legend.
    Sheet(SheetArgs),
    /// Write diff-A-B.svg/.png/.csv: the territory that changed hands from phase A to B.
    Diff(DiffArgs),
    /// Write animation.png (an animated PNG) or animation.gif: one frame per phase.
    Animate(AnimateArgs),
    /// Write <phase>.wikitext and <phase>.alt.txt: Wikimedia Commons description pages and alt texts.
    Commons(CommonsArgs),
    /// Write vector PDFs of phase maps (or of the sheet) with selectable text.
    Pdf(PdfArgs),
}

/// Theatre, style and output folder, shared by `html` and the subcommands that compare phases.
#[derive(Debug, Args)]
pub struct CommonArgs {
    #[command(flatten)]
    pub theatre: TheatreArg,
    /// Output folder; default: output/<theatre id>.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Style name (in styles/) or path to a style file.
    #[arg(long, default_value = "wikipedia", value_name = "NAME|PATH")]
    pub style: String,
}

/// `phasemap serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    #[command(flatten)]
    pub theatre: TheatreArg,
    /// Folder the page is written to and served from; default: output/<theatre id>.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Style name (in styles/) or path to a style file.
    #[arg(long, default_value = "wikipedia", value_name = "NAME|PATH")]
    pub style: String,
    /// Port (0 picks a free one).
    #[arg(long, default_value_t = 8000)]
    pub port: u16,
    /// Address to listen on; the default keeps the preview on this machine.
    #[arg(long, default_value = "127.0.0.1")]
    pub host: std::net::IpAddr,
}

/// `phasemap sheet`.
#[derive(Debug, Args)]
pub struct SheetArgs {
    #[command(flatten)]
    pub common: CommonArgs,
    /// Phases to show, in order; default: all.
    #[arg(long, value_delimiter = ',', value_name = "A,B,...")]
    pub phases: Vec<String>,
    /// Columns; default: about square.
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..=12))]
    pub cols: Option<u32>,
    /// Sheet width in pixels.
    #[arg(long, default_value_t = 2400, value_name = "PX", value_parser = clap::value_parser!(u32).range(600..=10000))]
    pub width: u32,
}

/// `phasemap diff`.
#[derive(Debug, Args)]
pub struct DiffArgs {
    /// Earlier phase id.
    pub a: String,
    /// Later phase id.
    pub b: String,
    #[command(flatten)]
    pub common: CommonArgs,
    /// Page width in pixels.
    #[arg(long, default_value_t = 2400, value_name = "PX", value_parser = clap::value_parser!(u32).range(300..=10000))]
    pub width: u32,
}

/// `phasemap animate`.
#[derive(Debug, Args)]
pub struct AnimateArgs {
    #[command(flatten)]
    pub common: CommonArgs,
    /// Seconds each phase is shown at least (0.1 to 600); longer when its
    /// title and caption need it (about four words a second, at least 3 s).
    #[arg(long, default_value_t = 2.0, value_name = "S", value_parser = seconds_per_phase)]
    pub seconds_per_phase: f64,
    /// Seconds of cross-fade between phases (0: none; at most 2).
    #[arg(long, default_value_t = 0.0, value_name = "S", value_parser = fade_seconds)]
    pub fade: f64,
    /// Frame width in pixels (a GIF's is narrower when its frames would pass
    /// the 12.5 million pixels a wiki animates).
    #[arg(long, default_value_t = 1000, value_name = "PX", value_parser = clap::value_parser!(u32).range(300..=4000))]
    pub width: u32,
    /// apng (full colour; browsers) or gif (the only animation wikis play;
    /// each phase held long enough to read its caption).
    #[arg(long, value_enum, default_value_t = AnimationFormatArg::Apng)]
    pub format: AnimationFormatArg,
}

/// Animation containers on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum AnimationFormatArg {
    /// Animated PNG.
    Apng,
    /// GIF.
    Gif,
}

/// `phasemap commons`.
#[derive(Debug, Args)]
pub struct CommonsArgs {
    #[command(flatten)]
    pub common: CommonArgs,
    /// Width of the maps described (the legend is read from them).
    #[arg(long, default_value_t = 2400, value_name = "PX", value_parser = clap::value_parser!(u32).range(300..=10000))]
    pub width: u32,
    /// Languages of the descriptions (plain tags, comma-separated; the
    /// first is the fallback); default: every language the theatre has
    /// texts in. Each other language gets `<phase>.<lang>.alt.txt`.
    #[arg(long, value_delimiter = ',', value_name = "LANG,...")]
    pub lang: Vec<String>,
}

/// `phasemap pdf`.
#[derive(Debug, Args)]
pub struct PdfArgs {
    #[command(flatten)]
    pub common: CommonArgs,
    /// Phase to write (repeatable); default: all.
    #[arg(long = "phase", value_name = "ID")]
    pub phases: Vec<String>,
    /// Write the sheet of all phases (sheet.pdf) instead of phase maps.
    #[arg(long)]
    pub sheet: bool,
    /// Map width in pixels (1 px = 1/150 inch); default: 2400, or with
    /// `--paper` the paper's width inside its margins.
    #[arg(long, value_name = "PX", value_parser = clap::value_parser!(u32).range(300..=10000))]
    pub width: Option<u32>,
    /// Fit the map onto this paper, centred inside 10 mm margins (the text
    /// stays text); default: a page of the map's own size.
    #[arg(long, value_enum, value_name = "SIZE")]
    pub paper: Option<PaperArg>,
    /// Which way round the paper is; default: as the map is (landscape
    /// unless it is taller than wide).
    #[arg(long, value_enum, requires = "paper")]
    pub orientation: Option<OrientationArg>,
}

/// Paper sizes on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PaperArg {
    /// ISO A4 (210 × 297 mm).
    A4,
    /// ISO A3 (297 × 420 mm).
    A3,
    /// US Letter (8.5 × 11 in).
    Letter,
}

/// Paper orientations on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OrientationArg {
    /// Taller than wide.
    Portrait,
    /// Wider than tall.
    Landscape,
}

/// Selects a theatre folder.
#[derive(Debug, Args)]
pub struct TheatreArg {
    /// Theatre folder (holding theatre.json); default: the built-in theatre.
    #[arg(long, value_name = "DIR")]
    pub theatre: Option<PathBuf>,
}

/// `phasemap check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub theatre: TheatreArg,
    /// Style the theatre will be drawn with (its numbers and phase overrides
    /// are checked too): a built-in name or a path to a style file.
    #[arg(long, default_value = "wikipedia", value_name = "NAME|PATH")]
    pub style: String,
    /// Languages whose translations to check (plain tags, comma-separated);
    /// default: every language the theatre has texts in.
    #[arg(long, value_delimiter = ',', value_name = "LANG,...")]
    pub lang: Vec<String>,
}

/// `phasemap list`.
#[derive(Debug, Args)]
pub struct ListArgs {
    #[command(flatten)]
    pub theatre: TheatreArg,
    /// Print JSON for scripts.
    #[arg(long)]
    pub json: bool,
}

/// Output formats on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    /// SVG.
    Svg,
    /// PNG rasterised from the SVG.
    Png,
    /// The interactive page of all phases.
    Html,
}

/// `phasemap render`.
#[derive(Debug, Args)]
pub struct RenderArgs {
    #[command(flatten)]
    pub theatre: TheatreArg,
    /// Output folder; default: output/<theatre id>.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Render only this phase (repeatable); default: all.
    #[arg(long = "phase", value_name = "ID")]
    pub phases: Vec<String>,
    /// Page width in pixels (text and symbols scale with it, more gently).
    #[arg(long, default_value_t = 2400, value_name = "PX", value_parser = clap::value_parser!(u32).range(300..=10000))]
    pub width: u32,
    /// Formats to write.
    #[arg(long, value_delimiter = ',', default_values = ["svg", "png", "html"])]
    pub format: Vec<FormatArg>,
    /// Style name (in styles/) or path to a style file.
    #[arg(long, default_value = "wikipedia", value_name = "NAME|PATH")]
    pub style: String,
    /// Convert SVG text to outlines instead of live text.
    #[arg(long)]
    pub outline_text: bool,
    /// Languages (plain tags, comma-separated; the first is the fallback):
    /// one SVG per phase with every text in each, inside `<switch>`, and a
    /// PNG per language (`<phase>.png`, `<phase>.<lang>.png`).
    #[arg(long, value_delimiter = ',', value_name = "LANG,...")]
    pub lang: Vec<String>,
}

impl Default for RenderArgs {
    fn default() -> Self {
        RenderArgs {
            theatre: TheatreArg { theatre: None },
            out: None,
            phases: Vec::new(),
            width: 2400,
            format: vec![FormatArg::Svg, FormatArg::Png, FormatArg::Html],
            style: "wikipedia".into(),
            outline_text: false,
            lang: Vec::new(),
        }
    }
}

/// A number of seconds on the command line: finite and in `range`.
fn seconds(text: &str, range: (f64, f64)) -> Result<f64, String> {
    let value: f64 = text
        .trim()
        .parse()
        .map_err(|_| format!("{text:?} is not a number of seconds"))?;
    phasemap::run::finite_in("the value", value, range)
}

fn seconds_per_phase(text: &str) -> Result<f64, String> {
    seconds(text, phasemap::run::SECONDS_PER_PHASE)
}

fn fade_seconds(text: &str) -> Result<f64, String> {
    seconds(text, phasemap::run::FADE_SECONDS)
}
