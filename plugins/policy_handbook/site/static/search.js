// The search page: search in staff's words. Written into the site as search/search.js by
// plugins/policy_handbook/site/search.py; ranking.js beside it finds and ranks the sections.
//
// Results are links to the sections, each saying which organisation and page it is on; the
// status line (role="status") says how many were found. Everything from the index is written
// as text (textContent), never as HTML.

import { configure, ideas, search } from "./ranking.js";

const DEBOUNCE_MS = 250;

const form = document.getElementById("handbook-search");
const input = document.getElementById("handbook-search-query");
const status = document.getElementById("handbook-search-status");
const list = document.getElementById("handbook-search-results");
const none = document.getElementById("handbook-search-none"); // where to start instead
configure(
  JSON.parse(document.getElementById("handbook-synonyms").textContent),
  Number(form.dataset.minSearched || 3),
);

// --- showing the results ----------------------------------------------------------------------

function where(result) {
  const org = result.organisation;
  let page = result.pageTitle;
  if (org && page.startsWith(`${org}: `)) page = page.slice(org.length + 2);
  if (org && page.endsWith(`: ${org}`)) page = page.slice(0, -(org.length + 2));
  return org ? `${org} · ${page}` : `All organisations · ${page}`;
}

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function show(query, found) {
  list.replaceChildren();
  for (const result of found.sections) {
    const item = element("li", "handbook-search__result");
    const link = element("a", "handbook-search__link");
    link.href = result.url;
    const isPage = result.title === result.pageTitle;
    link.append(element("span", "handbook-search__title", isPage ? result.pageTitle : result.title));
    link.append(element("span", "handbook-search__where", where(result)));
    item.append(link);
    const text = element("p", "handbook-search__excerpt");
    if (result.excerpt.before) text.append("… ");
    result.excerpt.words.forEach(([word, hit], i) => {
      if (i) text.append(" ");
      text.append(hit ? element("mark", null, word) : word);
    });
    if (result.excerpt.after) text.append(" …");
    item.append(text);
    list.append(item);
  }
  const quoted = `“${query.trim()}”`;
  // Never a dead end: with nothing found, even loosely, the situations and the policies.
  if (none) none.hidden = found.total > 0;
  if (!found.total) {
    status.textContent =
      `Nothing in the handbook matches ${quoted}, even spelt another way. ` +
      "Try another word for the same thing, or start from one of these pages.";
  } else if (found.total > found.sections.length) {
    status.textContent = `${found.total} sections found for ${quoted}; the best ${found.sections.length} are listed.`;
  } else {
    status.textContent = `${found.total} ${found.total === 1 ? "section" : "sections"} found for ${quoted}.`;
  }
  // Say what was searched instead of a word nothing holds as typed.
  const instead = (found.relaxed || []).map(
    ({ typed, instead: words }) =>
      `No section uses “${typed}”: these hold ${words
        .slice(0, 3)
        .map((w) => `“${w}”`)
        .join(" or ")}${words.length > 3 ? " and similar words" : ""}.`,
  );
  if (found.total && instead.length) status.textContent += ` ${instead.join(" ")}`;
}

let latest = 0;

async function run(query) {
  const ticket = ++latest;
  if (!query.trim()) {
    list.replaceChildren();
    status.textContent = "";
    if (none) none.hidden = true;
    return;
  }
  form.setAttribute("aria-busy", "true");
  try {
    const found = await search(query);
    if (ticket === latest) show(query, found);
  } catch (error) {
    if (ticket === latest) {
      list.replaceChildren();
      status.textContent = `Search could not run: ${error.message}. Reload the page to try again.`;
    }
  } finally {
    if (ticket === latest) form.removeAttribute("aria-busy");
  }
}

function remember(query) {
  const url = new URL(location.href);
  if (query.trim()) url.searchParams.set("q", query);
  else url.searchParams.delete("q");
  history.replaceState(null, "", url);
}

let timer = null;
input.addEventListener("input", () => {
  clearTimeout(timer);
  timer = setTimeout(() => {
    remember(input.value);
    run(input.value);
  }, DEBOUNCE_MS);
});

form.addEventListener("submit", (event) => {
  event.preventDefault();
  clearTimeout(timer);
  remember(input.value);
  run(input.value);
});

// Arrow keys move between the search box and the results; Tab works as usual.
function links() {
  return [...list.querySelectorAll("a.handbook-search__link")];
}

input.addEventListener("keydown", (event) => {
  if (event.key === "ArrowDown" && links().length) {
    event.preventDefault();
    links()[0].focus();
  }
});

list.addEventListener("keydown", (event) => {
  const all = links();
  const at = all.indexOf(document.activeElement);
  if (at < 0) return;
  if (event.key === "ArrowDown" && at + 1 < all.length) {
    event.preventDefault();
    all[at + 1].focus();
  } else if (event.key === "ArrowUp") {
    event.preventDefault();
    (at > 0 ? all[at - 1] : input).focus();
  }
});

const initial = new URL(location.href).searchParams.get("q");
if (initial) {
  input.value = initial;
  input.focus();
  run(initial);
}

// For checking the ranking from a browser's console (and the tests): the scored sections.
window.handbookSearch = { ideas, search };
