// A live region kept up to date: an element with data-live-url (a small JSON state) is
// re-read every few seconds and its text replaced by the answer's "text"; it stops when
// the answer says "done" and, if data-live-reload is set, then reloads the page once.
(function () {
  "use strict";
  var regions = document.querySelectorAll("[data-live-url]");
  Array.prototype.forEach.call(regions, function (region) {
    var url = region.getAttribute("data-live-url");
    var seconds = Number(region.getAttribute("data-live-seconds")) || 3;
    var target = region.querySelector("[data-live-text]") || region;
    function poll() {
      fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
        .then(function (answer) {
          return answer.ok ? answer.json() : null;
        })
        .then(function (state) {
          if (!state) {
            window.setTimeout(poll, seconds * 1000);
            return;
          }
          if (target.textContent !== state.text) {
            target.textContent = state.text;
          }
          if (state.done) {
            if (region.hasAttribute("data-live-reload")) {
              window.location.reload();
            }
            return;
          }
          window.setTimeout(poll, seconds * 1000);
        })
        .catch(function () {
          window.setTimeout(poll, seconds * 1000);
        });
    }
    window.setTimeout(poll, seconds * 1000);
  });
})();
