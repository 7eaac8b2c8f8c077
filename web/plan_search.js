// 添加地区方案: suggestions while typing in the region search (the page works without this script).
(function () {
  "use strict";
  var input = document.getElementById("plan-q");
  var list = document.getElementById("plan-hits");
  if (!input || !list) { return; }
  var lang = document.documentElement.lang === "en" ? "en" : "zh";
  var timer = null;
  var asked = "";

  function show(hits) {
    while (list.firstChild) { list.removeChild(list.firstChild); }
    hits.forEach(function (h) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = "/admin/plans/new?region=" + encodeURIComponent(h.adcode) + (lang === "en" ? "&lang=en" : "");
      a.className = "plan-hit";
      a.textContent = (lang === "en" ? h.name_en : h.name_zh) + " " + h.adcode;
      var small = document.createElement("span");
      small.className = "hint lineage";
      small.textContent = " " + (lang === "en" ? h.lineage_en : h.lineage_zh);
      li.appendChild(a);
      li.appendChild(small);
      list.appendChild(li);
    });
    list.hidden = hits.length === 0;
  }

  function ask() {
    var q = input.value.trim();
    if (q === asked) { return; }
    asked = q;
    if (!q) { show([]); return; }
    fetch("/api/v1/regions?limit=10&q=" + encodeURIComponent(q), { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : []; })
      .then(function (hits) { if (q === asked) { show(hits); } })
      .catch(function () { /* the search button still works */ });
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(ask, 200);
  });
})();
