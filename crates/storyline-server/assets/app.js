// Storyline web UI: the only script. Keeps the story list live by polling
// /api/stories and marking stories that gained reports. No build step.
"use strict";
(function () {
  var live = document.getElementById("live");
  var rows = document.getElementById("story-rows");
  if (!live || !rows) return;
  var known = {};
  Array.prototype.forEach.call(rows.querySelectorAll("tr"), function (tr) {
    known[tr.dataset.id] = +tr.dataset.articles;
  });
  function cell(tr, text, cls) {
    var td = document.createElement("td");
    td.textContent = text;
    if (cls) td.className = cls;
    tr.appendChild(td);
    return td;
  }
  function poll() {
    fetch(live.dataset.poll, { headers: { Accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) {
        if (!data) return;
        var added = 0;
        var body = document.createDocumentFragment();
        data.items.forEach(function (s) {
          var before = known[s.id] || 0;
          if (s.articles > before) added += s.articles - before;
          var tr = document.createElement("tr");
          tr.dataset.id = s.id;
          tr.dataset.articles = s.articles;
          if (s.articles > before && Object.keys(known).length) tr.className = "new";
          var a = document.createElement("a");
          a.href = "/stories/" + encodeURIComponent(s.id);
          a.textContent = s.title;
          cell(tr, "").appendChild(a);
          cell(tr, (s.first || "–") + " – " + (s.last || "–"));
          cell(tr, s.languages.join(", "));
          cell(tr, s.articles, "num");
          cell(tr, s.sources, "num");
          cell(tr, s.rewrites, "num");
          body.appendChild(tr);
          known[s.id] = s.articles;
        });
        rows.replaceChildren(body);
        if (added > 0) live.textContent = added + " new report" + (added > 1 ? "s" : "") + " since this page opened.";
      })
      .catch(function () {});
  }
  setInterval(poll, 10000);
})();
