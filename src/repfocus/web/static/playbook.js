// Copy-to-clipboard for playbook items and rendered email templates: any button with
// data-copy-target="<element id>" copies that element's text (plus data-copy-subject's, if given).
(function () {
  "use strict";

  function status(button, message) {
    var el = button.parentElement && button.parentElement.querySelector(".copy-status");
    if (el) { el.textContent = message; }
  }

  function fallbackCopy(text) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    var ok = document.execCommand("copy");
    document.body.removeChild(area);
    return ok ? Promise.resolve() : Promise.reject(new Error("copy refused"));
  }

  // Copies count as uses of the item, so the playbook's usage analytics see them.
  function recordCopy(url) {
    if (!url) { return; }
    var meta = document.querySelector('meta[name="csrf-token"]');
    fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "X-CSRF-Token": meta ? meta.getAttribute("content") : "" }
    }).catch(function () { /* a lost usage count is not worth bothering the user */ });
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-copy-target]");
    if (!button) { return; }
    var body = document.getElementById(button.getAttribute("data-copy-target"));
    if (!body) { return; }
    // innerText, not textContent: rendered Markdown keeps its paragraph breaks and list lines when pasted
    var text = (body.innerText || body.textContent).replace(/\n{3,}/g, "\n\n").trim();
    var subjectId = button.getAttribute("data-copy-subject");
    var subject = subjectId && document.getElementById(subjectId);
    if (subject) { text = "Subject: " + subject.textContent + "\n\n" + text; }
    var copy = navigator.clipboard && window.isSecureContext
      ? navigator.clipboard.writeText(text)
      : fallbackCopy(text);
    copy.then(function () {
                status(button, "Copied.");
                recordCopy(button.getAttribute("data-copy-use"));
              },
              function () { status(button, "Copy failed: select the text and copy it by hand."); });
  });
})();
