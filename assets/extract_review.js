/* The review page of 从文件提取 (layouts/templates/extract_review.html): keyboard review of the proposals, the
   link between each proposal and its number in the text, the counts and 采纳全部高置信度. Without this script the
   page still works: every decision is a radio button the form posts. */
(function () {
  "use strict";
  var form = document.getElementById("review-form");
  if (!form) return;
  var rows = Array.prototype.slice.call(form.querySelectorAll("tbody.prop"));
  var counts = document.getElementById("review-counts");
  var current = -1;

  function decisionOf(row) {
    var checked = row.querySelector("input[type=radio]:checked");
    return checked ? checked.value : "pending";
  }

  function showCounts() {
    var n = { accept: 0, reject: 0, pending: 0 };
    rows.forEach(function (row) { n[decisionOf(row)] += 1; });
    counts.textContent = counts.getAttribute("data-template")
      .replace("{a}", n.accept).replace("{r}", n.reject).replace("{p}", n.pending);
  }

  function decide(row, value) {
    var radio = row.querySelector("input[type=radio][value=" + value + "]");
    if (!radio) return;
    radio.checked = true;
    row.className = row.className.replace(/\bdecision-\w+/, "decision-" + value);
    showCounts();
  }

  function markOf(row) {
    var id = row.getAttribute("data-id");
    var marks = document.querySelectorAll(".prop-mark");
    for (var i = 0; i < marks.length; i++) {
      if ((" " + marks[i].getAttribute("data-ids") + " ").indexOf(" " + id + " ") >= 0) return marks[i];
    }
    return null;
  }

  function select(index, focus) {
    if (index < 0 || index >= rows.length) return;
    if (current >= 0) {
      rows[current].classList.remove("current");
      var old = markOf(rows[current]);
      if (old) old.classList.remove("current");
    }
    current = index;
    var row = rows[index];
    row.classList.add("current");
    var mark = markOf(row);
    if (mark) {
      mark.classList.add("current");
      var pane = document.getElementById("review-text");
      pane.scrollTop = mark.offsetTop - pane.offsetTop - pane.clientHeight / 3;
    }
    if (focus) {
      row.focus({ preventScroll: true });
      row.scrollIntoView({ block: "nearest" });
    }
  }

  function typing(el) {
    return el && (el.tagName === "INPUT" && el.type !== "radio" || el.tagName === "SELECT" || el.tagName === "TEXTAREA");
  }

  form.addEventListener("change", function (e) {
    if (e.target.type === "radio" && e.target.name.indexOf("decision-") === 0) {
      var row = e.target.closest("tbody.prop");
      decide(row, e.target.value);
    }
  });

  form.addEventListener("focusin", function (e) {
    var row = e.target.closest && e.target.closest("tbody.prop");
    if (row) {
      var index = rows.indexOf(row);
      if (index !== current) select(index, false);
    }
  });

  document.getElementById("review-text").addEventListener("click", function (e) {
    var mark = e.target.closest(".prop-mark");
    if (!mark) return;
    var id = mark.getAttribute("data-ids").split(" ")[0];
    var row = document.getElementById("prop-" + id);
    if (row) select(rows.indexOf(row), true);
  });

  var bulk = document.getElementById("accept-high");
  if (bulk) {
    bulk.addEventListener("click", function () {
      rows.forEach(function (row) {
        if (row.getAttribute("data-high") === "1" && decisionOf(row) === "pending") decide(row, "accept");
      });
    });
  }

  document.addEventListener("keydown", function (e) {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    var inRow = current >= 0 && rows[current].contains(document.activeElement);
    if (e.key === "Escape" && inRow) {
      rows[current].focus();
      e.preventDefault();
      return;
    }
    if (typing(document.activeElement)) return;
    var key = e.key.length === 1 ? e.key.toLowerCase() : e.key;
    var start = current < 0 ? -1 : current;
    if (key === "ArrowDown" || key === "j") {
      select(Math.min(start + 1, rows.length - 1), true);
    } else if (key === "ArrowUp" || key === "k") {
      select(Math.max(start - 1, 0), true);
    } else if (current >= 0 && (key === "a" || key === "r" || key === "p")) {
      decide(rows[current], { a: "accept", r: "reject", p: "pending" }[key]);
    } else if (current >= 0 && key === "e") {
      var field = rows[current].querySelector("select, input[type=text]");
      if (field) field.focus();
    } else {
      return;
    }
    e.preventDefault();
  });

  showCounts();
})();
