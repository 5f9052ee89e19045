//! The binary: --help, --print-config, a bad configuration, and the first stdout line.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_wxopen-sandbox");

#[test]
fn help_documents_the_defaults_and_the_control_api() {
    let out = Command::new(BIN).arg("--help").output().unwrap();
    assert!(out.status.success());
    let help = String::from_utf8(out.stdout).unwrap();
    for needle in [
        "--config",
        "--port",
        "--mode",
        "--seed",
        "wxc0ffee0000000001",
        "/sandbox",
        "listening on",
        "/sandbox/release-check",
        "/sandbox/messages",
    ] {
        assert!(help.contains(needle), "--help lacks {needle}:\n{help}");
    }
}

#[test]
fn print_config_round_trips_and_bad_files_are_refused() {
    let out = Command::new(BIN)
        .args(["--print-config", "--mode", "auto", "--seed", "9"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let config = wxopen_sandbox::Config::from_toml(&text).unwrap();
    assert_eq!((config.mode, config.seed), (wxopen_sandbox::Mode::Auto, 9));

    let dir = std::env::temp_dir().join(format!("wxopen-sandbox-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bad = dir.join("bad.toml");
    std::fs::write(&bad, "[[platform]]\nappid = \"wx1\"\nsecret = \"s\"\ntoken = \"t\"\nencoding_aes_key = \"short\"\n").unwrap();
    let out = Command::new(BIN)
        .arg("--config")
        .arg(&bad)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("encoding_aes_key"), "{err}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn the_first_line_names_the_address() {
    let mut child = Command::new(BIN)
        .args(["--port", "0"])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(
        line.starts_with("wxopen-sandbox listening on http://127.0.0.1:"),
        "{line}"
    );
}
