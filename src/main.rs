//! The `docent` binary: parses the command line and hands over to [`docent::cli`].

fn main() {
    std::process::exit(docent::cli::main());
}
