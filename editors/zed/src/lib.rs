//! Zed dev extension: starts `copylint server` (found on PATH, or `lsp.copylint.binary` in settings).
use zed_extension_api::{self as zed, settings::LspSettings, LanguageServerId, Result};

struct Copylint;

impl zed::Extension for Copylint {
    fn new() -> Self {
        Copylint
    }

    fn language_server_command(&mut self, _id: &LanguageServerId, worktree: &zed::Worktree) -> Result<zed::Command> {
        let binary = LspSettings::for_worktree("copylint", worktree).ok().and_then(|s| s.binary);
        let path = binary.as_ref().and_then(|b| b.path.clone()).or_else(|| worktree.which("copylint"));
        let command = path.ok_or_else(|| "copylint is not on PATH: pip install '.[server]' in a copylint checkout".to_string())?;
        let args = binary.and_then(|b| b.arguments).unwrap_or_else(|| vec!["server".to_string()]);
        Ok(zed::Command { command, args, env: worktree.shell_env() })
    }
}

zed::register_extension!(Copylint);
