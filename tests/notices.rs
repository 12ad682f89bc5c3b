//! Every notice the loaders give on real failing inputs falls under a named reason (the
//! notices list `!` and the summary after the reader exits group by it), so a new message
//! cannot slip into "other" unnoticed.

use docent::load::{load_paths, LoadOptions};

const FIXTURES: &str = "tests/fixtures/formats";

#[test]
fn every_notice_on_failing_inputs_has_a_named_reason() {
    let dir = tempfile::tempdir().expect("tmp");
    let d = dir.path();
    let write = |name: &str, bytes: &[u8]| std::fs::write(d.join(name), bytes).expect("write");
    write(
        "binary.txt",
        b"MZ\x00\x00\x01\x02\x00\x00\x00binary\x00\x00",
    );
    write("empty.txt", b"");
    write("huge.txt", &b"word ".repeat(50_000));
    write(
        "latin1.txt",
        b"Caf\xe9 cr\xe8me in Gen\xe8ve, d\xe9j\xe0 vu.\n",
    );
    write("records.jsonl", b"{not json\n[1, 2]\n{\"x\": 1}\n");
    for ext in [
        "pdf", "docx", "odt", "epub", "zip", "tar.gz", "eml", "mbox", "rtf",
    ] {
        write(
            &format!("fake.{ext}"),
            b"hello, this is not what the name says",
        );
    }
    for name in [
        "encrypted.pdf",
        "scan.pdf",
        "damaged-font.pdf",
        "page-tree-loop.pdf",
    ] {
        std::fs::copy(format!("{FIXTURES}/{name}"), d.join(name)).expect("copy");
    }
    let options = LoadOptions {
        max_file_size: 100_000,
        ..LoadOptions::default()
    };
    let loaded =
        load_paths(&[d.to_string_lossy().into_owned()], &options).expect("the folder loads");
    assert!(
        loaded.notices.len() >= 12,
        "expected a notice per failing input: {:#?}",
        loaded.notices
    );
    // A page whose /Parent chain loops made the PDF library run for minutes (found by the
    // `formats` fuzz target): it is a notice now, at once.
    assert!(
        loaded
            .notices
            .iter()
            .any(|n| n.to_string().contains("page-tree-loop.pdf")
                && n.to_string().contains("page tree loops")),
        "{:#?}",
        loaded.notices
    );
    let other: Vec<String> = loaded
        .notices
        .iter()
        .filter(|n| n.reason() == "other")
        .map(ToString::to_string)
        .collect();
    assert!(other.is_empty(), "notices with no named reason: {other:#?}");
}
