// The viewer's arrow keys: Left and Right follow the previous and next page links, unless
// the reader is typing in a field or scrolling a zoomed page.
(function () {
  "use strict";
  var viewer = document.querySelector("[data-viewer]");
  if (!viewer) {
    return;
  }
  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) {
      return;
    }
    var target = event.target;
    if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) {
      return;
    }
    // In a zoomed page (or its text) that scrolls sideways, the arrows scroll it instead.
    var box = target && target.closest ? target.closest(".viewer-image, .ocr-text") : null;
    if (box && box.scrollWidth > box.clientWidth) {
      return;
    }
    var link = null;
    if (event.key === "ArrowLeft") {
      link = viewer.querySelector("[data-viewer-previous]");
    } else if (event.key === "ArrowRight") {
      link = viewer.querySelector("[data-viewer-next]");
    }
    if (link) {
      event.preventDefault();
      window.location.assign(link.href);
    }
  });
})();
