//! `storyline serve`: the JSON API and web UI (crate `storyline-server`).

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;

use crate::DbArgs;

#[derive(clap::Args)]
pub struct Args {
    /// Address to listen on
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub addr: SocketAddr,
    /// File holding the bearer token writes need (else STORYLINE_TOKEN; with neither, read-only)
    #[arg(long)]
    pub token_file: Option<PathBuf>,
    /// Largest request body accepted, in megabytes
    #[arg(long, default_value_t = 16)]
    pub max_body_mb: usize,
    #[command(flatten)]
    pub db: DbArgs,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let token = match &args.token_file {
        Some(path) => Some(
            std::fs::read_to_string(path)
                .with_context(|| format!("reading token file {}", path.display()))?
                .trim()
                .to_string(),
        ),
        None => std::env::var("STORYLINE_TOKEN").ok(),
    };
    let mut config = storyline_server::Config::new(args.db.db.clone(), token);
    config.body_limit = args.max_body_mb.max(1) * 1024 * 1024;
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    runtime.block_on(storyline_server::serve(args.addr, config)).context("server failed")?;
    Ok(ExitCode::SUCCESS)
}
