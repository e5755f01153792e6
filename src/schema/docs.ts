// Renders the documentation model as Markdown (one document, anchors per type) and as one
// self-contained HTML page (inline CSS, no scripts, no external resources).
import { docModel, type DocEnum, type DocField, type DocFile, type DocMessage, type DocService, type TypeRef } from "./docs-model.js";
import type { Schema } from "./load.js";

const DEPRECATED = "deprecated";

function anchor(name: string): string {
  return name.replace(/[^A-Za-z0-9_]/g, "-").toLowerCase();
}

// ---- Markdown ----

function mdEscape(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\n/g, "<br>");
}

function mdType(t: TypeRef): string {
  return t.linked ? `[\`${t.name}\`](#${anchor(t.name)})` : `\`${t.name}\``;
}

function mdFieldType(f: DocField): string {
  const base = mdType(f.type);
  if (f.label.startsWith("map<")) return `${f.label.replace("…>", "")}${base}>`;
  return f.label ? `${f.label} ${base}` : base;
}

function mdMessage(m: DocMessage): string[] {
  const out = [`<a id="${anchor(m.name)}"></a>`, `### message \`${m.name}\`${m.deprecated ? ` (${DEPRECATED})` : ""}`, ""];
  if (m.comment) out.push(m.comment, "");
  if (m.fields.length) {
    out.push("| Field | Number | Type | JSON name | Description |", "| --- | --- | --- | --- | --- |");
    for (const f of m.fields) {
      const notes = [f.deprecated ? `**${DEPRECATED}**` : "", f.oneof ? `oneof \`${f.oneof}\`` : "", mdEscape(f.comment)].filter(Boolean).join(" ");
      out.push(`| \`${f.name}\` | ${f.number} | ${mdEscape(mdFieldType(f))} | \`${f.jsonName}\` | ${notes} |`);
    }
    out.push("");
  } else out.push("No fields.", "");
  if (m.reserved) out.push(`Reserved: ${m.reserved}`, "");
  return out;
}

function mdEnum(e: DocEnum): string[] {
  const out = [`<a id="${anchor(e.name)}"></a>`, `### enum \`${e.name}\`${e.deprecated ? ` (${DEPRECATED})` : ""}`, ""];
  if (e.comment) out.push(e.comment, "");
  out.push("| Value | Number | Description |", "| --- | --- | --- |");
  for (const v of e.values) out.push(`| \`${v.name}\` | ${v.number} | ${[v.deprecated ? `**${DEPRECATED}**` : "", mdEscape(v.comment)].filter(Boolean).join(" ")} |`);
  out.push("");
  if (e.reserved) out.push(`Reserved: ${e.reserved}`, "");
  return out;
}

function mdService(s: DocService): string[] {
  const out = [`<a id="${anchor(s.name)}"></a>`, `### service \`${s.name}\`${s.deprecated ? ` (${DEPRECATED})` : ""}`, ""];
  if (s.comment) out.push(s.comment, "");
  for (const m of s.methods) {
    out.push(`#### rpc \`${m.name}\`${m.deprecated ? ` (${DEPRECATED})` : ""}`, "");
    out.push(`${m.clientStreaming ? "stream " : ""}${mdType(m.request)} → ${m.serverStreaming ? "stream " : ""}${mdType(m.response)}`, "");
    if (m.comment) out.push(m.comment, "");
  }
  return out;
}

function mdFile(f: DocFile): string[] {
  const out = [`## \`${f.name}\`${f.deprecated ? ` (${DEPRECATED})` : ""}`, ""];
  if (f.package) out.push(`Package \`${f.package}\``, "");
  if (f.comment) out.push(f.comment, "");
  for (const m of f.messages) out.push(...mdMessage(m));
  for (const e of f.enums) out.push(...mdEnum(e));
  for (const s of f.services) out.push(...mdService(s));
  return out;
}

/** Markdown documentation of every file, message, field, enum, value, service and method of a schema. */
export function docsMarkdown(schema: Schema, title = "Protobuf schema"): string {
  const files = docModel(schema);
  const toc = files.map((f) => `- [\`${f.name}\`](#${anchor(f.name)})`);
  const body = files.flatMap((f) => [`<a id="${anchor(f.name)}"></a>`, ...mdFile(f)]);
  return [`# ${title}`, "", ...toc, "", ...body].join("\n").replace(/\n{3,}/g, "\n\n").trimEnd() + "\n";
}

// ---- HTML ----

function esc(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

function htmlComment(text: string): string {
  return text ? `<p class="comment">${esc(text).replace(/\n\n/g, "</p><p class=\"comment\">").replace(/\n/g, "<br>")}</p>` : "";
}

function htmlType(t: TypeRef): string {
  return t.linked ? `<a href="#${anchor(t.name)}"><code>${esc(t.name)}</code></a>` : `<code>${esc(t.name)}</code>`;
}

const badge = (on: boolean) => (on ? ` <span class="deprecated">${DEPRECATED}</span>` : "");

function htmlFieldType(f: DocField): string {
  if (f.label.startsWith("map<")) return `${esc(f.label.replace("…>", ""))}${htmlType(f.type)}&gt;`;
  return (f.label ? `${esc(f.label)} ` : "") + htmlType(f.type);
}

function htmlMessage(m: DocMessage): string {
  const rows = m.fields
    .map((f) => `<tr${f.deprecated ? ' class="is-deprecated"' : ""}><td><code>${esc(f.name)}</code>${badge(f.deprecated)}</td><td>${f.number}</td><td>${htmlFieldType(f)}</td><td><code>${esc(f.jsonName)}</code></td><td>${f.oneof ? `oneof <code>${esc(f.oneof)}</code> ` : ""}${htmlComment(f.comment)}</td></tr>`)
    .join("\n");
  const table = m.fields.length ? `<table><thead><tr><th>Field</th><th>Number</th><th>Type</th><th>JSON name</th><th>Description</th></tr></thead><tbody>\n${rows}\n</tbody></table>` : "<p>No fields.</p>";
  return `<section class="message" id="${anchor(m.name)}"><h3>message <code>${esc(m.name)}</code>${badge(m.deprecated)}</h3>${htmlComment(m.comment)}${table}${m.reserved ? `<p class="reserved">Reserved: ${esc(m.reserved)}</p>` : ""}</section>`;
}

function htmlEnum(e: DocEnum): string {
  const rows = e.values.map((v) => `<tr${v.deprecated ? ' class="is-deprecated"' : ""}><td><code>${esc(v.name)}</code>${badge(v.deprecated)}</td><td>${v.number}</td><td>${htmlComment(v.comment)}</td></tr>`).join("\n");
  return `<section class="enum" id="${anchor(e.name)}"><h3>enum <code>${esc(e.name)}</code>${badge(e.deprecated)}</h3>${htmlComment(e.comment)}<table><thead><tr><th>Value</th><th>Number</th><th>Description</th></tr></thead><tbody>\n${rows}\n</tbody></table>${e.reserved ? `<p class="reserved">Reserved: ${esc(e.reserved)}</p>` : ""}</section>`;
}

function htmlService(s: DocService): string {
  const methods = s.methods
    .map((m) => `<div class="method" id="${anchor(s.name + "." + m.name)}"><h4>rpc <code>${esc(m.name)}</code>${badge(m.deprecated)}</h4><p class="signature">${m.clientStreaming ? "stream " : ""}${htmlType(m.request)} → ${m.serverStreaming ? "stream " : ""}${htmlType(m.response)}</p>${htmlComment(m.comment)}</div>`)
    .join("\n");
  return `<section class="service" id="${anchor(s.name)}"><h3>service <code>${esc(s.name)}</code>${badge(s.deprecated)}</h3>${htmlComment(s.comment)}${methods}</section>`;
}

const CSS = `body{font:15px/1.5 system-ui,sans-serif;margin:0;display:flex;color:#1d2330}
nav{width:260px;padding:16px;background:#f3f5f9;height:100vh;overflow:auto;position:sticky;top:0;box-sizing:border-box;font-size:13px}
nav ul{list-style:none;padding-left:12px;margin:4px 0}main{padding:16px 32px;max-width:1100px;flex:1}
table{border-collapse:collapse;width:100%;margin:8px 0}th,td{border:1px solid #d6dbe6;padding:4px 8px;text-align:left;vertical-align:top}
th{background:#eef1f7}code{font-family:ui-monospace,monospace;font-size:13px}section{border-top:1px solid #d6dbe6;margin-top:16px}
.deprecated{background:#fbe3e3;color:#9b1c1c;border-radius:4px;padding:0 6px;font-size:12px}.is-deprecated code{text-decoration:line-through}
.reserved{color:#5a6478;font-style:italic}.comment{margin:4px 0;white-space:normal}a{color:#1a56db;text-decoration:none}`;

/** One self-contained HTML page (inline CSS, no scripts) documenting a schema, with a navigation sidebar. */
export function docsHtml(schema: Schema, title = "Protobuf schema"): string {
  const files = docModel(schema);
  const nav = files
    .map((f) => {
      const items = [...f.messages, ...f.enums, ...f.services].map((x) => `<li><a href="#${anchor(x.name)}">${esc(x.name)}</a></li>`).join("");
      return `<li><a href="#${anchor(f.name)}">${esc(f.name)}</a><ul>${items}</ul></li>`;
    })
    .join("\n");
  const body = files
    .map((f) => `<article class="file" id="${anchor(f.name)}"><h2>${esc(f.name)}${badge(f.deprecated)}</h2>${f.package ? `<p>Package <code>${esc(f.package)}</code></p>` : ""}${htmlComment(f.comment)}
${f.messages.map(htmlMessage).join("\n")}
${f.enums.map(htmlEnum).join("\n")}
${f.services.map(htmlService).join("\n")}</article>`)
    .join("\n");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(title)}</title><style>${CSS}</style></head>
<body><nav><strong>${esc(title)}</strong><ul>${nav}</ul></nav><main><h1>${esc(title)}</h1>
${body}
</main></body></html>
`;
}
