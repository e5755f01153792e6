// `schema docs` on test/fixtures/schema/docs (two files, nested types, map, oneof, enum, service,
// deprecated and reserved elements, comments everywhere): every element of the schema, walked from
// the descriptors, must appear in the Markdown and the HTML with its comment; the HTML page is opened
// in Chromium (playwright-core), screenshotted to test-results/schema-docs.png, and its DOM checked:
// one section per type, every in-page link resolves, deprecated elements are marked, no request
// leaves the page.
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import type { DescFile } from "@bufbuild/protobuf";
import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { docsHtml, docsMarkdown, type Schema } from "../../src/schema/index.js";
import { allEnums, allMessages } from "../../src/schema/hash.js";
import { commentOf, sourcePath, type SchemaElement } from "../../src/schema/source.js";
import { compileDir, root } from "./support.js";

const CHROMIUM = "/usr/bin/chromium";
let schema: Schema;

beforeAll(async () => {
  schema = await compileDir(join(root, "test", "fixtures", "schema", "docs"));
});

/** Every documented element with its display name, comment and deprecation, from the descriptors. */
function elements(files: readonly DescFile[]): { name: string; comment: string; deprecated: boolean }[] {
  const out: { name: string; comment: string; deprecated: boolean }[] = [];
  const add = (d: SchemaElement, name: string, file: DescFile) => out.push({ name, comment: commentOf(file, sourcePath(d)), deprecated: d.deprecated });
  for (const f of files) {
    for (const m of allMessages(f)) {
      add(m, m.typeName, f);
      for (const field of m.fields) add(field, field.name, f);
    }
    for (const e of allEnums(f)) {
      add(e, e.typeName, f);
      for (const v of e.values) add(v, v.name, f);
    }
    for (const s of f.services) {
      add(s, s.typeName, f);
      for (const m of s.methods) add(m, m.name, f);
    }
  }
  return out;
}

describe("schema docs", () => {
  it("the fixture has comments and deprecated elements to show", () => {
    const all = elements(schema.files);
    expect(all.length).toBeGreaterThanOrEqual(30);
    expect(all.filter((e) => e.comment).length).toBeGreaterThan(25);
    expect(all.filter((e) => e.deprecated).map((e) => e.name).sort()).toEqual(["LIFECYCLE_RETIRED", "Search", "acme.catalog.v1.LegacySearch", "category"]);
  });

  it("Markdown has every element, with its comment, deprecation, links and reservations", () => {
    const md = docsMarkdown(schema, "Catalog");
    expect(md.startsWith("# Catalog\n")).toBe(true);
    for (const f of schema.files) expect(md).toContain(`## \`${f.proto.name}\``);
    for (const e of elements(schema.files)) {
      expect(md, e.name).toContain(`\`${e.name}\``);
      if (e.comment) expect(md, e.name).toContain(e.comment.replace(/\n/g, "<br>"));
    }
    expect(md).toContain("| `category` | 8 | `string` | `category` | **deprecated** Replaced by labels. |");
    expect(md).toContain("### message `acme.catalog.v1.LegacySearch` (deprecated)");
    expect(md).toContain("#### rpc `Search` (deprecated)");
    expect(md).toContain("Reserved: 20 to 25; names: color");
    expect(md).toContain("Reserved: 3; names: LIFECYCLE_DRAFT");
    // A type documented on the page is linked, one from elsewhere (the WKT) is not.
    expect(md).toContain("[`acme.catalog.v1.Money`](#acme-catalog-v1-money)");
    expect(md).toContain('<a id="acme-catalog-v1-money"></a>');
    expect(md).toContain("`google.protobuf.Timestamp`");
    expect(md).not.toContain("](#google-protobuf-timestamp)");
    expect(md).toContain("map<string, `int64`>");
    expect(md).toContain("→ stream [`acme.catalog.v1.Product`]");
  });

  describe("HTML in Chromium", () => {
    let browser: Browser | undefined;
    beforeAll(async () => {
      if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing (apt-get install chromium)`);
      browser = await chromium.launch({
        executablePath: CHROMIUM,
        args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
      });
    });
    afterAll(async () => {
      await browser?.close();
    });

    it("renders every element, resolves its links, marks deprecation, loads nothing else", async () => {
      const html = docsHtml(schema, "Catalog");
      const page = await browser!.newPage({ viewport: { width: 1280, height: 900 } });
      const requests: string[] = [];
      page.on("request", (r) => requests.push(r.url()));
      await page.setContent(html, { waitUntil: "load" });
      mkdirSync(join(root, "test-results"), { recursive: true });
      const shot = join(root, "test-results", "schema-docs.png");
      await page.screenshot({ path: shot, fullPage: true });
      expect(existsSync(shot)).toBe(true);

      expect(await page.title()).toBe("Catalog");
      const text = await page.locator("main").innerText();
      for (const e of elements(schema.files)) {
        expect(text, e.name).toContain(e.name);
        if (e.comment) expect(text.replace(/\s+/g, " "), e.name).toContain(e.comment.replace(/\s+/g, " "));
      }
      const ids = await page.$$eval("section[id]", (els) => els.map((el) => el.id));
      const types = schema.files.flatMap((f) => [...allMessages(f), ...allEnums(f), ...f.services]);
      expect(ids.length).toBe(types.length);
      const broken = await page.$$eval("a[href^='#']", (links) => links.map((a) => a.getAttribute("href")!.slice(1)).filter((id) => !document.getElementById(id)));
      expect(broken).toEqual([]);
      expect(await page.locator("main a[href^='#']").count()).toBeGreaterThan(5);
      expect(await page.locator("main .deprecated").count()).toBe(elements(schema.files).filter((e) => e.deprecated).length);
      expect(await page.locator("#acme-catalog-v1-product .reserved").innerText()).toBe("Reserved: 20 to 25; names: color");
      // A click on a type link scrolls to its section.
      await page.locator("#acme-catalog-v1-product a[href='#acme-catalog-v1-money']").first().click();
      expect(await page.evaluate(() => location.hash)).toBe("#acme-catalog-v1-money");
      expect(await page.evaluate(() => window.scrollY)).toBeGreaterThan(0);
      expect(requests.filter((u) => !u.startsWith("about:") && !u.startsWith("data:"))).toEqual([]);
      await page.close();
    });
  });
});
