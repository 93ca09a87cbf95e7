//! Command-line arguments (clap derive only; the work happens in the library).

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Maps of a theatre of operations, phase by phase.
///
/// With no subcommand, renders the built-in theatre (the Siberian
/// Intervention, 1918-1922) into output/.
#[derive(Debug, Parser)]
#[command(name = "phasemap", version, about, long_about = None)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Render phase maps as SVG and PNG.
    Render(RenderArgs),
    /// Validate a theatre: manifest, dates, powers, geometry, overlaps.
    Check(TheatreArg),
    /// List the theatre's phases and layers.
    List(ListArgs),
}

/// Selects a theatre folder.
#[derive(Debug, Args)]
pub struct TheatreArg {
    /// Theatre folder (holding theatre.json); default: the built-in theatre.
    #[arg(long, value_name = "DIR")]
    pub theatre: Option<PathBuf>,
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
    #[arg(long, value_delimiter = ',', default_values = ["svg", "png"])]
    pub format: Vec<FormatArg>,
    /// Style name (in styles/) or path to a style file.
    #[arg(long, default_value = "wikipedia", value_name = "NAME|PATH")]
    pub style: String,
    /// Convert SVG text to outlines instead of live text.
    #[arg(long)]
    pub outline_text: bool,
}

impl Default for RenderArgs {
    fn default() -> Self {
        RenderArgs {
            theatre: TheatreArg { theatre: None },
            out: None,
            phases: Vec::new(),
            width: 2400,
            format: vec![FormatArg::Svg, FormatArg::Png],
            style: "wikipedia".into(),
            outline_text: false,
        }
    }
}
