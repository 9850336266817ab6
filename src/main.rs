//! The `kukaku` binary: parse flags, call the library, print, exit with CONTRACT.md codes.

fn main() {
    std::process::exit(kukaku::cli::main_with_args(std::env::args_os()));
}
