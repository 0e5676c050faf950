// Count texts as X does, with twitter-text (the platform's own open-source counter, v3 rules).
//
// Usage: node tests/js/x_count.mjs < texts.json
//   Reads a JSON array of strings on standard input; prints a JSON array of their weighted
//   lengths (parseTweet(text).weightedLength: every link 23, emoji and CJK 2, the rest 1).
// Usage: node tests/js/x_count.mjs --tlds
//   Prints the top-level domains twitter-text knows that are written in ASCII, one a line.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import twitter from "twitter-text";

if (process.argv[2] === "--tlds") {
  const require = createRequire(import.meta.url);
  const names = (file) =>
    require(`twitter-text/dist/regexp/${file}.js`)
      .source.match(/^\(\?:\(\?:(.*)\)\(\?=/)[1]
      .split("|");
  const ascii = [...names("validGTLD"), ...names("validCCTLD")].filter((n) => /^[a-z0-9-]+$/.test(n));
  process.stdout.write([...new Set(ascii)].sort().join("\n") + "\n");
} else {
  const texts = JSON.parse(readFileSync(0, "utf8"));
  process.stdout.write(JSON.stringify(texts.map((text) => twitter.parseTweet(text).weightedLength)));
}
