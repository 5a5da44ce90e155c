// Live preview of an article body in the admin. The server renders it with the same
// Markdown + sanitizer code as on save, and the preview is drawn with the site's own
// stylesheets inside a shadow root, so what the editor sees is what readers get (and the
// admin's list and heading styles stay out of it).
(function () {
  "use strict";

  function setUp(textarea) {
    var url = textarea.getAttribute("data-preview-url");
    var form = textarea.form;
    var tokenInput = form && form.querySelector("input[name=csrfmiddlewaretoken]");
    if (!url || !tokenInput) {
      return;
    }
    var panel = document.createElement("section");
    panel.className = "article-preview";
    panel.setAttribute("aria-label", "Live preview of the body");
    // Not a heading: the form's own sections are the page's outline.
    var heading = document.createElement("p");
    heading.className = "article-preview__heading";
    heading.textContent = "Preview";
    var page = document.createElement("div");
    page.className = "article-preview__page";
    var root = page.attachShadow({ mode: "open" });
    (textarea.getAttribute("data-preview-styles") || "").split(" ").forEach(function (href) {
      if (href) {
        var link = document.createElement("link");
        link.rel = "stylesheet";
        link.href = href;
        root.appendChild(link);
      }
    });
    var body = document.createElement("div");
    body.className = "article__body article-preview__body";
    body.setAttribute("data-bs-theme", "light");
    root.appendChild(body);
    panel.appendChild(heading);
    panel.appendChild(page);

    // The text and its preview side by side on wide screens (article-admin.css), one under
    // the other below; the word count sits under the text.
    var writing = document.createElement("div");
    writing.className = "article-writing";
    textarea.insertAdjacentElement("beforebegin", writing);
    var column = document.createElement("div");
    column.className = "article-writing__text";
    writing.appendChild(column);
    column.appendChild(textarea);
    writing.appendChild(panel);
    textarea.closest(".form-row") && textarea.closest(".form-row").classList.add("has-preview");

    var timer = null;
    var latest = 0;

    function refresh() {
      var request = ++latest;
      var data = new FormData();
      data.append("body", textarea.value);
      fetch(url, {
        method: "POST",
        body: data,
        credentials: "same-origin",
        headers: { "X-CSRFToken": tokenInput.value },
      })
        .then(function (response) {
          if (!response.ok) {
            throw new Error("HTTP " + response.status);
          }
          return response.json();
        })
        .then(function (json) {
          if (request === latest) {
            // Sanitized on the server by the same allow-list as published articles.
            body.innerHTML = json.html;
            heading.textContent = "Preview";
          }
        })
        .catch(function () {
          if (request === latest) {
            heading.textContent = "Preview (could not refresh; your text is safe in the box)";
          }
        });
    }

    textarea.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(refresh, 400);
    });
    refresh();
  }

  document.addEventListener("DOMContentLoaded", function () {
    var textarea = document.querySelector("textarea[data-preview-url]");
    if (textarea) {
      setUp(textarea);
    }
  });
})();
