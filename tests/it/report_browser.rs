//! The report in a real browser: headless Chromium (Debian's `chromium`; `.ci/run` installs
//! it) parses the page with every chart, and its screenshot has the window's size and is not
//! blank (charts in the palette's colours on it). Skipped, with a message, only where no
//! Chromium is installed (`FOOTPRINT_CHROMIUM` names another binary).

use crate::common::MINIMAL_SCENARIO;
use crate::report::{check_page, replicated_scenario, report_of, run_folder};
use footprint::report::chart::PALETTE;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const WIDTH: u32 = 1280;
const HEIGHT: u32 = 3000;

fn chromium() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("FOOTPRINT_CHROMIUM") {
        return Some(PathBuf::from(p));
    }
    let names = ["chromium", "chromium-browser", "google-chrome"];
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|dir| names.iter().map(move |n| dir.join(n)))
        .find(|p| p.is_file())
}

/// Runs Chromium headless with `args` on `page`; its stdout. Panics if it fails or takes
/// more than two minutes.
fn headless(browser: &Path, profile: &Path, args: &[String], page: &Path) -> String {
    let url = format!("file://{}", page.display());
    // Standard output goes to a file: a pipe read only at the end would fill and stall it.
    let out_path = profile.join("stdout.txt");
    let out_file = std::fs::File::create(&out_path).expect("stdout file");
    let mut child = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
            "--no-first-run",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(args)
        .arg(&url)
        .stdout(out_file)
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("{} does not start: {e}", browser.display()));
    let start = Instant::now();
    loop {
        match child.try_wait().expect("wait") {
            Some(status) => {
                assert!(status.success(), "chromium {args:?} failed: {status}");
                break;
            }
            None if start.elapsed() > Duration::from_secs(120) => {
                let _ = child.kill();
                panic!("chromium {args:?} took more than 120 s");
            }
            None => std::thread::sleep(Duration::from_millis(100)),
        }
    }
    std::fs::read_to_string(&out_path).expect("chromium's output")
}

/// Width, height and RGB pixels of a PNG.
fn decode(png_path: &Path) -> (u32, u32, Vec<[u8; 3]>) {
    let file = std::fs::File::open(png_path).expect("screenshot written");
    let decoder = png::Decoder::new(std::io::BufReader::new(file));
    let mut reader = decoder.read_info().expect("a PNG");
    let mut buf = vec![0; reader.output_buffer_size().expect("size")];
    let info = reader.next_frame(&mut buf).expect("a frame");
    let step = match info.color_type {
        png::ColorType::Rgba => 4,
        png::ColorType::Rgb => 3,
        other => panic!("unexpected PNG colour type {other:?}"),
    };
    let pixels = buf[..info.buffer_size()]
        .chunks(step)
        .map(|p| [p[0], p[1], p[2]])
        .collect();
    (info.width, info.height, pixels)
}

fn screenshot_is_a_drawn_page(browser: &Path, run_dir: &Path) {
    let html = report_of(run_dir);
    let figures = check_page(&html).len();
    let page = run_dir.join("report.html");
    let profile = tempfile::tempdir().expect("profile dir");
    // Chromium's own HTML parser sees every chart.
    let dom = headless(browser, profile.path(), &["--dump-dom".into()], &page);
    assert_eq!(
        dom.matches("<svg").count(),
        figures,
        "charts in Chromium's DOM"
    );
    let shot = run_dir.join("screenshot.png");
    headless(
        browser,
        profile.path(),
        &[
            format!("--screenshot={}", shot.display()),
            format!("--window-size={WIDTH},{HEIGHT}"),
        ],
        &page,
    );
    let (w, h, pixels) = decode(&shot);
    assert_eq!((w, h), (WIDTH, HEIGHT), "screenshot size");
    let near = |p: &[u8; 3], q: [u8; 3], tol: i32| {
        (0..3).all(|i| (i32::from(p[i]) - i32::from(q[i])).abs() <= tol)
    };
    let inked = pixels
        .iter()
        .filter(|p| !near(p, [255, 255, 255], 8))
        .count();
    let share = inked as f64 / pixels.len() as f64;
    assert!(share > 0.02, "the screenshot is blank ({share:.4} inked)");
    let mut colours: Vec<[u8; 3]> = pixels.clone();
    colours.sort_unstable();
    colours.dedup();
    assert!(colours.len() > 50, "{} colours only", colours.len());
    for c in &PALETTE[..2] {
        let rgb = [c.0, c.1, c.2];
        let n = pixels.iter().filter(|p| near(p, rgb, 30)).count();
        assert!(n > 100, "{n} pixels of the chart colour {rgb:?}");
    }
}

#[test]
fn chromium_renders_the_report_of_a_single_and_a_replicated_run() {
    let Some(browser) = chromium() else {
        eprintln!(
            "skipped: no Chromium found (install Debian's `chromium`, as .ci/run does, or set FOOTPRINT_CHROMIUM)"
        );
        return;
    };
    let (_a, single) = run_folder(MINIMAL_SCENARIO, &[]);
    screenshot_is_a_drawn_page(&browser, &single);
    let (_b, replicated) = run_folder(&replicated_scenario(), &["--reps", "6"]);
    screenshot_is_a_drawn_page(&browser, &replicated);
}
