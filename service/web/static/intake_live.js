// The clerk's intake page, kept current without reloading: every 10 s the page's state is
// read and the counts, the progress and each shown document's status are updated in place.
// The sentence in the polite live region changes only when something changed, so a screen
// reader hears news, not a clock. Without this script the "Tải lại" link reloads the page.
(function () {
  "use strict";
  var PERIOD = 10000;
  var STATES = { digitized: "ok", split: "ok", received: "warn", quarantined: "bad" };
  var live = document.getElementById("intake-live");
  if (!live || !window.fetch) return;
  var url = live.getAttribute("data-state");
  var numbers = new Intl.NumberFormat("vi-VN");

  function setText(node, text) {
    if (node && node.textContent !== text) node.textContent = text;
  }

  function setAll(name, text) {
    document.querySelectorAll('[data-live="' + name + '"]').forEach(function (node) {
      setText(node, text);
    });
  }

  function showCounts(state) {
    setAll("files", numbers.format(state.files));
    setAll("finished", numbers.format(state.finished));
    setAll("untagged", numbers.format(state.untagged));
    ["received", "digitized", "split", "quarantined"].forEach(function (status) {
      setAll(status, numbers.format(state.by_status[status] || 0));
    });
    var card = document.querySelector('[data-live="quarantined-card"]');
    if (card) card.classList.toggle("alert", (state.by_status.quarantined || 0) > 0);
    var progress = document.querySelector('[data-live="progress"]');
    if (progress) {
      progress.max = state.files;
      progress.value = state.finished;
    }
  }

  function showDocument(row, shown) {
    var status = row.querySelector('[data-cell="status"] span');
    if (status) {
      setText(status, shown.status_label);
      status.className = "state " + (STATES[shown.status] || "");
    }
    var dossier = row.querySelector('[data-cell="dossier"]');
    if (dossier && shown.dossier_code) setText(dossier, shown.dossier_code);
    setText(row.querySelector('[data-cell="source"]'), shown.tag_source_label);
    var pages = row.querySelector('[data-cell="pages"]');
    if (shown.page_count !== null) setText(pages, numbers.format(shown.page_count));
  }

  function show(state) {
    showCounts(state);
    var unseen = 0;
    state.documents.forEach(function (shown) {
      var row = document.querySelector('tr[data-document="' + shown.id + '"]');
      if (row) showDocument(row, shown);
      else unseen += 1;
    });
    var said = state.summary;
    if (unseen) said += " Có " + numbers.format(unseen) + " tài liệu mới chưa hiện trong bảng.";
    setText(live.querySelector('[data-live="summary"]'), said);
  }

  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (answer) {
        if (!answer.ok) throw new Error(String(answer.status));
        return answer.json();
      })
      .then(show)
      .catch(function () {
        // Logged out or the server is away: stop; the "Tải lại" link is still there.
        window.clearInterval(timer);
      });
  }

  var timer = window.setInterval(poll, PERIOD);
})();
