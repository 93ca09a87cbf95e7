// Live preview (`phasemap serve` only; published pages never carry this):
// reloads the page when the server's build number changes.
"use strict";
(function () {
  let seen = null;
  const poll = () => {
    fetch("/__phasemap/version", { cache: "no-store" })
      .then((r) => (r.ok ? r.text() : null))
      .then((v) => {
        if (v === null) return;
        if (seen !== null && v !== seen) location.reload();
        seen = v;
      })
      .catch(() => {})
      .finally(() => setTimeout(poll, 400));
  };
  poll();
})();
