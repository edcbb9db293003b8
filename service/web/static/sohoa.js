/* Sohoa's small progressive enhancements; every page works without them. */
"use strict";
