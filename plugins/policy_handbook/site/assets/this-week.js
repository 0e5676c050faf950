/* "This week" and the posting calendar: today from the reader's own clock.
 *
 * The site is rebuilt now and then, so the build cannot know which day the reader opens a page
 * on. Every day on these pages carries data-handbook-day="YYYY-MM-DD"; this script works out
 * today's date in the plan's time zone (Europe/London) and marks that day with
 * aria-current="date" and a visible "Today" label.
 *
 * On "This week" (#handbook-this-week) it also redraws the list from the plan shipped with the
 * page (<script type="application/json" id="handbook-plan">, see agenda.py for its shape):
 * today first, the rest of this week, then next week, with buttons for the weeks before and
 * after; past the plan's end it says the handbook needs a rebuild. It builds the same elements
 * as templates/agenda_blocks.md.j2 (change both together), with textContent only: no policy
 * text is ever parsed as HTML. Without JavaScript the page keeps the build's two weeks.
 */
(function () {
  "use strict";

  var DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
  var MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December"];
  var BUSY_FROM = 4; // as agenda.BUSY_FROM: a day with more posts is folded away
  var ZONE = "Europe/London";

  // --- dates, as "YYYY-MM-DD" strings: they compare and sort as text --------------------------
  // Arithmetic is done on UTC midnights, so no clock change can move a day.

  function toDate(iso) {
    var p = iso.split("-");
    return new Date(Date.UTC(+p[0], +p[1] - 1, +p[2]));
  }
  function toIso(date) {
    return date.toISOString().slice(0, 10);
  }
  function addDays(iso, count) {
    var date = toDate(iso);
    date.setUTCDate(date.getUTCDate() + count);
    return toIso(date);
  }
  function weekday(iso) {
    return (toDate(iso).getUTCDay() + 6) % 7; // 0: Monday
  }
  function mondayOf(iso) {
    return addDays(iso, -weekday(iso));
  }
  function dayMonth(iso) {
    var date = toDate(iso);
    return date.getUTCDate() + " " + MONTHS[date.getUTCMonth()];
  }
  function dayName(iso) {
    return DAYS[weekday(iso)] + " " + dayMonth(iso);
  }
  function longDate(iso) {
    return dayName(iso) + " " + toDate(iso).getUTCFullYear();
  }
  function weekTitle(monday) {
    return "Week of " + dayMonth(monday);
  }

  /* Today's date where the plan is (the reader may be abroad, or their computer set to UTC). */
  function todayIn(zone) {
    var options = { timeZone: zone || ZONE, year: "numeric", month: "2-digit", day: "2-digit" };
    var format;
    try {
      format = new Intl.DateTimeFormat("en-GB", options);
    } catch (error) {
      options.timeZone = ZONE; // a zone this browser does not know
      format = new Intl.DateTimeFormat("en-GB", options);
    }
    var parts = {};
    format.formatToParts(new Date()).forEach(function (part) {
      parts[part.type] = part.value;
    });
    return parts.year + "-" + parts.month + "-" + parts.day;
  }

  // --- elements -------------------------------------------------------------------------------

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function time(iso, text) {
    var node = el("time", null, text);
    node.setAttribute("datetime", iso);
    return node;
  }

  // Our own page links and the organisers' https:// pages; anything else is dropped.
  function safeHref(href) {
    return /^(https?:\/\/|[^:]*$)/i.test(href) ? href : "#";
  }

  function summarise(data, entry) {
    var posts = entry.posts || [];
    if (!posts.length) return entry.off ? "No posts: " + entry.off : "No posts";
    var counts = {};
    var order = [];
    posts.forEach(function (post) {
      var name = data.channels[post[1]];
      if (!(name in counts)) {
        counts[name] = 0;
        order.push(name);
      }
      counts[name] += 1;
    });
    var ranked = order.slice().sort(function (a, b) {
      return counts[b] - counts[a] || order.indexOf(a) - order.indexOf(b);
    });
    var parts = ranked.map(function (name) {
      return counts[name] + " \u00d7 " + name;
    });
    if (posts.length === 1) return "1 post: " + order[0];
    return posts.length + " posts: " + parts.join(", ");
  }

  function postItem(data, day, post) {
    var kind = post[2] >= 0 ? data.kinds[post[2]] : null;
    var theme = post[3] >= 0 ? data.themes[post[3]] : null;
    var item = el("li", "handbook-post");
    var head = el("p", "handbook-post-head");
    head.append(
      time(day + "T" + post[0], post[0]),
      " ",
      el("strong", "handbook-post-channel", data.channels[post[1]]),
      ": ",
      el("span", "handbook-post-kind", kind ? kind.name : "Post")
    );
    item.append(head);
    if (kind && kind.guidance) item.append(el("p", "handbook-post-guidance", kind.guidance));
    if (theme) {
      var about = el("p", "handbook-post-theme");
      about.append("Awareness: ", el("strong", null, theme.name), ". " + theme.guidance);
      item.append(about);
    }
    var links = (kind ? kind.links : []).concat(theme ? theme.links : []);
    if (links.length) {
      var line = el("p", "handbook-post-links");
      links.forEach(function (link, index) {
        if (index) line.append(" \u00b7 ");
        var anchor = el("a", null, link[1]);
        anchor.setAttribute("href", safeHref(link[0]));
        line.append(anchor);
      });
      item.append(line);
    }
    return item;
  }

  /* One day: its heading, then its posts (folded away on a busy day unless `open`). */
  function dayBlock(data, day, level, open) {
    var entry = data.days[day] || { posts: [] };
    var posts = entry.posts || [];
    var block = el("div", "handbook-day" + (weekday(day) >= 5 ? " handbook-weekend" : ""));
    block.setAttribute("data-handbook-day", day);
    var heading = el("h" + level, "handbook-day-name");
    heading.append(time(day, dayName(day)));
    block.append(heading);
    var summary = summarise(data, entry);
    if (!posts.length) {
      block.append(el("p", "handbook-day-summary handbook-day-none", summary));
      return block;
    }
    var list = el("ol", "handbook-posts");
    posts.forEach(function (post) {
      list.append(postItem(data, day, post));
    });
    if (posts.length > BUSY_FROM && !open) {
      var details = el("details", "handbook-day-posts");
      details.append(el("summary", null, summary), list);
      block.append(details);
    } else {
      block.append(el("p", "handbook-day-summary", summary), list);
    }
    return block;
  }

  function notice(kind, title, text) {
    var box = el("div", "admonition " + kind + " handbook-week-notice");
    box.append(el("p", "admonition-title", title), el("p", null, text));
    return box;
  }

  // --- marking today --------------------------------------------------------------------------

  function markToday(root, today) {
    root.querySelectorAll("[data-handbook-day]").forEach(function (day) {
      if (day.getAttribute("data-handbook-day") !== today) return;
      day.setAttribute("aria-current", "date");
      day.classList.add("handbook-today");
      var name = day.querySelector(".handbook-day-name");
      if (name && !name.querySelector(".handbook-today-label")) {
        name.append(" ", el("span", "handbook-today-label", "Today"));
      }
      var details = day.querySelector("details");
      if (details) details.open = true;
    });
    var monday = mondayOf(today);
    root.querySelectorAll("[data-handbook-week]").forEach(function (week) {
      if (week.getAttribute("data-handbook-week") !== monday) return;
      week.classList.add("handbook-today");
      if (!week.querySelector(".handbook-today-label")) {
        week.firstChild.after(" ", el("span", "handbook-today-label", "This week"));
      }
    });
  }

  // --- "This week" ----------------------------------------------------------------------------

  function days(from, to) {
    var found = [];
    for (var day = from; day <= to; day = addDays(day, 1)) found.push(day);
    return found;
  }

  function thisWeek(box, data) {
    var today = todayIn(data.zone);
    var firstMonday = mondayOf(data.first);
    var lastMonday = mondayOf(data.last);
    var todayMonday = mondayOf(today);
    var ended = today > data.last;
    var early = today < data.first;
    // null: today's view (today, the rest of the week, next week); else the Monday shown.
    var shown = early ? firstMonday : null;

    var nav = el("div", "handbook-week-nav");
    nav.setAttribute("role", "group");
    nav.setAttribute("aria-label", "Weeks of the plan");
    var previous = el("button", "md-button handbook-week-button");
    var back = el("button", "md-button handbook-week-button", "Back to today");
    var next = el("button", "md-button handbook-week-button");
    [previous, back, next].forEach(function (button) { button.type = "button"; });
    nav.append(previous, back, next);
    var status = el("p", "handbook-visually-hidden");
    status.setAttribute("role", "status");
    var view = el("div", "handbook-week-view");

    var top = [];
    if (ended) {
      top.push(
        notice(
          "warning",
          "The handbook needs a rebuild",
          "This plan ended on " + longDate(data.last) + ": the handbook needs a rebuild to plan " +
            "the weeks from today (" + longDate(today) + "). Ask whoever looks after the " +
            "handbook to rebuild it. \u201cPrevious\u201d shows the weeks that were planned."
        )
      );
    } else if (early) {
      top.push(
        notice(
          "note",
          "The plan starts later",
          "This plan starts on " + longDate(data.first) + ", after today (" + longDate(today) +
            "). Check the date on your device. The plan's first week is below."
        )
      );
    }

    function target(step) {
      var day = addDays(shown || todayMonday, 7 * step);
      if (step < 0 && day > lastMonday) day = lastMonday;
      if (step > 0 && day < firstMonday) day = firstMonday;
      return day < firstMonday || day > lastMonday ? null : day;
    }

    function label(button, day, words) {
      button.textContent = day ? words + ": week of " + dayMonth(day) : words + " week";
      button.setAttribute("aria-disabled", day ? "false" : "true");
      button.handbookTarget = day;
    }

    function todayView() {
      var parts = [el("h2", "handbook-week-title", "Today")];
      parts.push(dayBlock(data, today, 3, true));
      var sunday = addDays(todayMonday, 6);
      if (today < sunday) {
        parts.push(el("h2", "handbook-week-title", "Later this week"));
        days(addDays(today, 1), sunday).forEach(function (day) {
          parts.push(dayBlock(data, day, 3, false));
        });
      }
      var nextMonday = addDays(todayMonday, 7);
      if (nextMonday <= lastMonday) {
        parts.push(el("h2", "handbook-week-title", "Next week, from " + dayName(nextMonday)));
        days(nextMonday, addDays(nextMonday, 6)).forEach(function (day) {
          parts.push(dayBlock(data, day, 3, false));
        });
      } else {
        parts.push(
          notice(
            "warning",
            "The plan ends this week",
            "This plan ends on " + longDate(data.last) + ": the handbook needs a rebuild to " +
              "plan next week. Ask whoever looks after the handbook to rebuild it."
          )
        );
      }
      if (today > todayMonday && today > data.first) {
        var earlier = el("details", "handbook-earlier");
        earlier.append(el("summary", null, "Show this week's days before today"));
        var from = todayMonday > data.first ? todayMonday : data.first;
        days(from, addDays(today, -1)).forEach(function (day) {
          earlier.append(dayBlock(data, day, 3, true));
        });
        parts.push(el("h2", "handbook-week-title", "Earlier this week"), earlier);
      }
      return parts;
    }

    function weekView(monday) {
      var parts = [el("h2", "handbook-week-title", weekTitle(monday))];
      days(monday, addDays(monday, 6)).forEach(function (day) {
        if (day >= data.first && day <= data.last) parts.push(dayBlock(data, day, 3, false));
      });
      return parts;
    }

    function render(announce) {
      var parts = [];
      if (shown) parts = weekView(shown);
      else if (!ended) parts = todayView();
      view.replaceChildren.apply(view, parts);
      markToday(view, today);
      label(previous, target(-1), "Previous");
      label(next, target(1), "Next");
      back.hidden = !shown || ended || early;
      if (announce) {
        var heading = view.querySelector("h2");
        status.textContent = "Showing " + (heading ? heading.textContent : "the plan");
      }
    }

    nav.addEventListener("click", function (event) {
      var button = event.target.closest("button");
      if (!button || button.getAttribute("aria-disabled") === "true") return;
      if (button === back) shown = null;
      else shown = button.handbookTarget === todayMonday && !ended ? null : button.handbookTarget;
      render(true);
    });

    render(false);
    box.replaceChildren.apply(box, top.concat([nav, status, view]));
  }

  // --- start ----------------------------------------------------------------------------------

  function start() {
    var box = document.getElementById("handbook-this-week");
    var source = document.getElementById("handbook-plan");
    if (box && source && !box.hasAttribute("data-handbook-ready")) {
      box.setAttribute("data-handbook-ready", "");
      thisWeek(box, JSON.parse(source.textContent));
    }
    document.querySelectorAll(".handbook-agenda").forEach(function (agenda) {
      var today = todayIn(agenda.getAttribute("data-handbook-zone"));
      markToday(document, today);
      var last = agenda.getAttribute("data-handbook-last");
      if (last && today > last && !agenda.querySelector(".handbook-week-notice")) {
        agenda.prepend(
          notice(
            "warning",
            "The handbook needs a rebuild",
            "This plan ended on " + longDate(last) + ": the handbook needs a rebuild to plan " +
              "the weeks from today (" + longDate(today) + ")."
          )
        );
      }
    });
  }

  // Printed, a busy day's posts are listed in full: open every folded day, then close them.
  var opened = [];
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll(".md-content details:not([open])").forEach(function (details) {
      details.open = true;
      opened.push(details);
    });
  });
  window.addEventListener("afterprint", function () {
    opened.forEach(function (details) {
      details.open = false;
    });
    opened = [];
  });

  // Material's instant navigation swaps pages without reloading scripts: document$ emits for
  // every page. Without Material (or before its bundle), fall back to the DOM being ready.
  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(start);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
