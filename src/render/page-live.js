// Live preview (`phasemap serve` only; published pages never carry this):
// asks the server for the build after the one shown, naming the phase on
// view (the server composes it first); the server answers as soon as it has
// made one (or after a while, with the same number), and the page reloads.
// The view (phase, zoom) lives in the address's hash, so a reload keeps it.
"use strict";
(function () {
  const shown = document.currentScript.dataset.build;
  const ask = () => {
    const app = document.getElementById("app");
    const phase = app && /^[0-9]+$/.test(app.dataset.a || "") ? "&phase=" + app.dataset.a : "";
    fetch("/__phasemap/version?after=" + encodeURIComponent(shown) + phase, { cache: "no-store" })
      .then((r) => (r.ok ? r.text() : Promise.reject(r.status)))
      .then((v) => {
        if (v.trim() !== shown) location.reload();
        else ask();
      })
      // Server stopped or restarting: try again a little later.
      .catch(() => setTimeout(ask, 1000));
  };
  ask();
})();
