// A table or box that scrolls sideways inside itself (on a phone) can be reached with the
// Tab key, so a keyboard can scroll it; one that fits is left out of the tab order.
"use strict";

function markScrollingBoxes() {
  for (const box of document.querySelectorAll("main table, .scroll, .table-scroll")) {
    const scrolls = box.scrollWidth > box.clientWidth + 1;
    if (scrolls && !box.hasAttribute("tabindex")) {
      box.setAttribute("tabindex", "0");
      box.dataset.scrollFocus = "";
    } else if (!scrolls && "scrollFocus" in box.dataset) {
      box.removeAttribute("tabindex");
      delete box.dataset.scrollFocus;
    }
  }
}

document.addEventListener("DOMContentLoaded", markScrollingBoxes);
window.addEventListener("resize", markScrollingBoxes);
