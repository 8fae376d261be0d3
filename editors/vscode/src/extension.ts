// The OKR coach for VS Code: starts `coach lsp` (the language server that ships with
// okr-coach) and hands it the `coach.*` settings. Everything else — diagnostics, hovers, code
// actions, the outline and code lenses — comes from the server. See docs/editors.md.
import * as vscode from "vscode";
import {
  LanguageClient,
  LanguageClientOptions,
  ServerOptions,
  TransportKind,
} from "vscode-languageclient/node";

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const config = vscode.workspace.getConfiguration("coach");
  const command = config.get<string>("server.command", "coach");
  const args = config.get<string[]>("server.args", ["lsp"]);
  const serverOptions: ServerOptions = { command, args, transport: TransportKind.stdio };
  const clientOptions: LanguageClientOptions = {
    // The server decides which of these are OKR drafts (the coach.files globs, front matter).
    documentSelector: [
      { scheme: "file", language: "markdown" },
      { scheme: "file", language: "yaml" },
      { scheme: "untitled", language: "markdown" },
    ],
    // Changed coach.* settings are sent to the server, which asks for them again.
    synchronize: { configurationSection: "coach" },
    initializationOptions: { coach: serverSettings(config) },
  };
  client = new LanguageClient("coach", "OKR coach", serverOptions, clientOptions);
  context.subscriptions.push(
    vscode.commands.registerCommand("coach.restartServer", async () => {
      await client?.restart();
    }),
  );
  await client.start();
}

/** The settings the server reads (docs/editors.md, "Settings"); unset ones are left out. */
function serverSettings(config: vscode.WorkspaceConfiguration): Record<string, unknown> {
  const keys = ["files", "debounceMs", "configFile", "select", "ignore", "model", "baseUrl"];
  const settings: Record<string, unknown> = {};
  for (const key of keys) {
    const value = config.get(key);
    if (value !== undefined && value !== null) {
      settings[key] = value;
    }
  }
  return settings;
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
