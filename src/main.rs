//! The `phasemap` binary: parse arguments, call the library, print the
//! error chain once, exit 0 (done), 1 (internal failure) or 2 (bad input).

mod cli;
mod terminal;

use std::process::ExitCode;

use anyhow::Context;
use clap::Parser;

use cli::{
    AnimationFormatArg, CheckArgs, Cli, Command, CommonArgs, FormatArg, ListArgs, RenderArgs,
    ServeArgs, TheatreArg,
};
use phasemap::render::Format;

use terminal::{outln, safe};

fn main() -> ExitCode {
    let cli = Cli::try_parse().unwrap_or_else(|e| {
        if e.kind() == clap::error::ErrorKind::ArgumentConflict {
            if let Some(hint) = cli::options_after_subcommand(&std::env::args().collect::<Vec<_>>())
            {
                let _ = e.print();
                eprintln!("hint: options go after the subcommand: {}", safe(&hint));
                std::process::exit(e.exit_code());
            }
        }
        e.exit()
    });
    // A panic is a bug: say so once, remove temporary files, exit 1
    // (internal failure) instead of Rust's 101 with a backtrace hint.
    std::panic::set_hook(Box::new(|info| {
        let message = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_default();
        let at = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        phasemap::render::interrupt();
        eprintln!(
            "error: internal error (a bug in phasemap; please report it with the input): \
             panicked{at}: {}",
            safe(&message)
        );
        std::process::exit(1);
    }));
    // On Ctrl-C, SIGTERM, SIGHUP or SIGQUIT, remove half-written temporary
    // files and exit: finished outputs stay, unfinished ones never appear.
    // (SIGQUIT's default would dump core and leave the `.part` files.)
    use signal_hook::consts::{SIGHUP, SIGINT, SIGQUIT, SIGTERM};
    match signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP, SIGQUIT]) {
        Ok(mut signals) => {
            std::thread::spawn(move || {
                if let Some(sig) = signals.forever().next() {
                    phasemap::render::interrupt();
                    eprintln!("\ninterrupted: no partial file was left behind");
                    // 128 + the signal, as shells report it.
                    std::process::exit(128 + sig);
                }
            });
        }
        Err(e) => eprintln!("warning: cannot install the signal handlers: {e}"),
    }
    match run(cli) {
        Ok(code) => code,
        Err(err) => {
            // Names in messages come from data: no escape sequences reach
            // the terminal.
            eprintln!("error: {}", safe(&format!("{err:#}")));
            let input = err.chain().any(|c| {
                c.downcast_ref::<phasemap::Error>()
                    .is_some_and(|e| e.is_input_error())
            });
            ExitCode::from(if input { 2 } else { 1 })
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let Some(command) = cli.command else {
        return default_run(cli.default_run);
    };
    match command {
        Command::Render(args) => render(args),
        Command::Check(args) => check(args),
        Command::List(args) => list(args),
        Command::Html(args) => html(args),
        Command::Serve(args) => serve(args),
        Command::Sheet(a) => {
            let mut req = request(&a.common, a.width, a.phases);
            req.formats = vec![Format::Svg, Format::Png];
            let cols = a.cols.map(|c| c as usize);
            done(phasemap::write_sheet(&req, cols).context("sheet failed")?)
        }
        Command::Diff(a) => {
            let req = request(&a.common, a.width, Vec::new());
            done(phasemap::write_diff(&req, &a.a, &a.b).context("change map failed")?)
        }
        Command::Animate(a) => {
            let req = request(&a.common, 1000, Vec::new());
            let opts = phasemap::CompareOptions {
                seconds_per_phase: a.seconds_per_phase,
                fade: a.fade,
                animation_width: f64::from(a.width),
                format: match a.format {
                    AnimationFormatArg::Apng => phasemap::AnimationFormat::Apng,
                    AnimationFormatArg::Gif => phasemap::AnimationFormat::Gif,
                },
                ..Default::default()
            };
            done(vec![
                phasemap::write_animation(&req, &opts).context("animation failed")?
            ])
        }
        Command::Commons(a) => {
            let mut req = request(&a.common, a.width, Vec::new());
            req.langs = a.lang;
            let written = phasemap::run::write_commons(&req).context("description pages failed")?;
            // The alternative texts of a language with no legend words mix
            // languages: said once per language.
            if let Ok(style) = phasemap::load::load_style(&req.style, &req.styles_dir) {
                for l in &req.langs {
                    if let Some(w) = phasemap::run::english_parts_warning(&style, l) {
                        eprintln!("warning: {}", safe(&w));
                    }
                }
            }
            done(written)
        }
        Command::Pdf(a) => {
            use cli::{OrientationArg, PaperArg};
            use phasemap::render::{Orientation, Paper};
            let width = a.width.unwrap_or(phasemap::render::DEFAULT_WIDTH);
            let opts = phasemap::run::PdfOptions {
                sheet: a.sheet,
                paper: a.paper.map(|p| match p {
                    PaperArg::A4 => Paper::A4,
                    PaperArg::A3 => Paper::A3,
                    PaperArg::Letter => Paper::Letter,
                }),
                orientation: a.orientation.map(|o| match o {
                    OrientationArg::Portrait => Orientation::Portrait,
                    OrientationArg::Landscape => Orientation::Landscape,
                }),
                width_from_paper: a.width.is_none(),
            };
            let req = request(&a.common, width, a.phases);
            done(phasemap::write_pdfs(&req, &opts).context("PDF failed")?)
        }
    }
}

fn request(c: &CommonArgs, width: u32, phases: Vec<String>) -> phasemap::RenderRequest {
    phasemap::RenderRequest {
        theatre: theatre_dir(&c.theatre),
        style: c.style.clone(),
        styles_dir: phasemap::builtin_dir("styles"),
        out: c.out.clone(),
        phases,
        width: f64::from(width),
        formats: vec![Format::Svg, Format::Png],
        outline_text: false,
        langs: Vec::new(),
    }
}

fn done(written: Vec<phasemap::render::Written>) -> anyhow::Result<ExitCode> {
    print_table(&written);
    Ok(ExitCode::SUCCESS)
}

/// `phasemap` alone: phase maps, sheet, change maps and animation.
fn default_run(common: CommonArgs) -> anyhow::Result<ExitCode> {
    let args = RenderArgs::default();
    let mut req = request(&common, args.width, Vec::new());
    req.formats.push(Format::Html);
    let bar = indicatif::ProgressBar::new_spinner();
    let report = phasemap::default_run(&req, &phasemap::CompareOptions::default(), &|step| {
        bar.set_message(step.to_string());
        bar.tick();
    })
    .context("render failed")?;
    bar.finish_and_clear();
    for w in &report.warnings {
        eprintln!("warning: {}", safe(w));
    }
    print_table(&report.written);
    print_timings(&report.timings);
    Ok(ExitCode::SUCCESS)
}

/// For benchmarks: where the time of a run went (`PHASEMAP_TIMINGS=1`).
fn print_timings(timings: &[(String, f64)]) {
    if std::env::var_os("PHASEMAP_TIMINGS").is_some() {
        for (what, seconds) in timings {
            eprintln!("{:>8.1} ms  {what}", seconds * 1e3);
        }
    }
}

fn theatre_dir(arg: &TheatreArg) -> std::path::PathBuf {
    arg.theatre
        .clone()
        .unwrap_or_else(|| phasemap::builtin_dir("geodata"))
}

fn render(args: RenderArgs) -> anyhow::Result<ExitCode> {
    let formats: Vec<Format> = args
        .format
        .iter()
        .map(|f| match f {
            FormatArg::Svg => Format::Svg,
            FormatArg::Png => Format::Png,
            FormatArg::Html => Format::Html,
        })
        .collect();
    let req = phasemap::RenderRequest {
        theatre: theatre_dir(&args.theatre),
        style: args.style,
        styles_dir: phasemap::builtin_dir("styles"),
        out: args.out,
        phases: args.phases,
        width: f64::from(args.width),
        formats,
        outline_text: args.outline_text,
        langs: args.lang,
    };
    let bar = indicatif::ProgressBar::new(0);
    bar.set_style(
        indicatif::ProgressStyle::with_template("{spinner} rendering {pos} map(s) {elapsed}")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
    );
    let req_width = args.width;
    let report = phasemap::render_phases(&req, &|| bar.inc(1)).context("render failed")?;
    bar.finish_and_clear();
    for w in &report.warnings {
        eprintln!("warning: {}", safe(w));
    }
    print_table(&report.written);
    // Labels left out on purpose at this width (minor places on a small
    // map) are told apart from those that found no room.
    for c in &report.labels {
        outln!(
            "labels {}: {} placed, {} left out at {} px, {} dropped for lack of room",
            safe(&c.phase),
            c.placed,
            c.left_out,
            req_width,
            c.dropped
        );
    }
    print_timings(&report.timings);
    Ok(ExitCode::SUCCESS)
}

fn html(args: CommonArgs) -> anyhow::Result<ExitCode> {
    let req = phasemap::RenderRequest {
        formats: vec![Format::Html],
        ..request(&args, phasemap::serve::PAGE_WIDTH, Vec::new())
    };
    let report = phasemap::render_phases(&req, &|| {}).context("html failed")?;
    for w in &report.warnings {
        eprintln!("warning: {}", safe(w));
    }
    print_table(&report.written);
    Ok(ExitCode::SUCCESS)
}

fn serve(args: ServeArgs) -> anyhow::Result<ExitCode> {
    let server = phasemap::serve::Server::bind(phasemap::serve::ServeOptions {
        theatre: theatre_dir(&args.theatre),
        style: args.style,
        styles_dir: phasemap::builtin_dir("styles"),
        out: args.out,
        addr: std::net::SocketAddr::new(args.host, args.port),
    })
    .context("cannot start the preview")?;
    // Each build's warnings, or why it failed, once per build.
    for line in server.said() {
        eprintln!("{}", safe(line));
    }
    outln!("serving http://{}/ (Ctrl-C stops)", server.addr());
    server
        .saying(|line| eprintln!("{}", safe(line)))
        .run()
        .context("preview server failed")?;
    Ok(ExitCode::SUCCESS)
}

fn print_table(written: &[phasemap::render::Written]) {
    let width = written
        .iter()
        .map(|w| w.path.display().to_string().len())
        .max()
        .unwrap_or(4);
    outln!("{:<width$}  {:>10}", "file", "bytes");
    for w in written {
        let note = if w.note.is_empty() {
            String::new()
        } else {
            format!("  {}", w.note)
        };
        outln!("{:<width$}  {:>10}{note}", w.path.display(), w.bytes);
    }
    let total: u64 = written.iter().map(|w| w.bytes).sum();
    outln!(
        "{:<width$}  {:>10}",
        format!("{} files", written.len()),
        total
    );
}

fn check(args: CheckArgs) -> anyhow::Result<ExitCode> {
    let dir = theatre_dir(&args.theatre);
    let theatre = phasemap::load::load_theatre(&dir)
        .with_context(|| format!("cannot load theatre {}", dir.display()))?;
    for w in &theatre.warnings {
        eprintln!("warning: {}", safe(w));
    }
    let problems = phasemap::model::check_theatre(&theatre);
    if !problems.is_empty() {
        return Err(phasemap::Error::Check(problems).into());
    }
    // What `render` does before it draws: the style read and checked
    // against the theatre, every layer projected at the default width.
    // So a theatre `check` accepts renders.
    let style = phasemap::load::load_style(&args.style, &phasemap::builtin_dir("styles"))
        .context("cannot load the style")?;
    let printed = theatre.warnings.clone();
    let session = phasemap::Session::new(theatre, style, f64::from(RenderArgs::default().width))
        .with_context(|| format!("cannot render theatre {}", dir.display()))?;
    let t = &session.theatre;
    // What binding the style found (the palette's warnings, layers drawn
    // by default), in the words `render` prints.
    for w in t.warnings.iter().filter(|w| !printed.contains(w)) {
        eprintln!("warning: {}", safe(w));
    }
    let features: usize = t.layers.iter().map(|l| l.features.len()).sum();
    outln!(
        "{}: ok ({} phases, {} layers, {} features)",
        t.manifest_path.display(),
        t.phases.len(),
        t.layers.len(),
        features
    );
    let langs = if args.lang.is_empty() {
        t.languages()
    } else {
        phasemap::run::check_languages(&args.lang)?
    };
    // The theatre's own language lacks only words of the page it may give.
    let own = std::iter::once(&t.language).filter(|l| !langs.contains(l));
    for lang in own.chain(&langs) {
        let missing = phasemap::run::missing_translations(t, &session.style, lang);
        if *lang == t.language && missing.is_empty() {
            continue;
        }
        if missing.is_empty() {
            outln!("{lang}: every text translated");
        } else {
            outln!(
                "{lang}: {} texts have no translation (they show in {}):",
                missing.iter().map(|(_, n)| n).sum::<usize>(),
                t.language
            );
            for (m, _) in &missing {
                outln!("  {}", safe(m));
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn list(args: ListArgs) -> anyhow::Result<ExitCode> {
    let dir = theatre_dir(&args.theatre);
    let t = phasemap::load::load_theatre(&dir)
        .with_context(|| format!("cannot load theatre {}", dir.display()))?;
    if args.json {
        let phases: Vec<serde_json::Value> = t
            .phases
            .iter()
            .map(|p| {
                serde_json::json!({
                    "id": p.id, "title": p.title, "start_date": p.start.to_string(),
                    "end_date": p.end.to_string(), "snapshot": p.snapshot.to_string(), "caption": p.caption,
                    "features": t.layers.iter().map(|l| (l.id.clone(), l.features.iter().filter(|f| f.is_active(p.snapshot)).count().into())).collect::<serde_json::Map<String, serde_json::Value>>(),
                })
            })
            .collect();
        let layers: Vec<serde_json::Value> = t
            .layers
            .iter()
            .map(|l| serde_json::json!({"id": l.id, "path": l.path, "features": l.features.len(), "exclusive": l.exclusive}))
            .collect();
        let troops: Vec<serde_json::Value> = t
            .troops
            .iter()
            .map(|tr| serde_json::json!({"power": tr.power, "contingent": tr.contingent, "label": tr.label, "note": tr.note}))
            .collect();
        let doc = serde_json::json!({
            "id": t.id, "title": t.title, "projection": t.projection, "extent": phasemap::model::antimeridian::rfc7946_box(t.extent),
            "powers": t.powers.iter().map(|(k, v)| (k.clone(), serde_json::json!({"name": v.name}))).collect::<serde_json::Map<_, _>>(),
            "phases": phases, "layers": layers, "troops": troops,
        });
        // JSON escapes control characters itself.
        terminal::print(&format!("{}\n", serde_json::to_string_pretty(&doc)?));
    } else {
        outln!("{} ({})", t.title, t.id);
        for p in &t.phases {
            outln!(
                "  {:<10} {} .. {} (snapshot {})  {}",
                p.id,
                p.start,
                p.end,
                p.snapshot,
                p.title
            );
        }
        for l in &t.layers {
            outln!(
                "  layer {:<10} {:>5} features  {}",
                l.id,
                l.features.len(),
                l.path.display()
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}
