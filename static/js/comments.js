// Comment form: the same checks and messages as the server (comments/forms.py), shown
// before posting; the commenter's saved details put back when they asked for it; replies
// written under the comment they answer; and a fresh CSRF token and form timestamp, since
// the page itself may come from a cache shared by every reader (see comments/protection.py).
(function () {
  "use strict";

  // Fresh per-reader values for every form on the page (comment form and Report buttons),
  // also where comments are closed and only Report buttons are left.
  var tokenSource = document.querySelector("[data-token-url]");
  var tokenUrl = tokenSource && tokenSource.getAttribute("data-token-url");
  if (tokenUrl && window.fetch) {
    fetch(tokenUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data) return;
        document.querySelectorAll("input[name=csrfmiddlewaretoken]").forEach(function (input) {
          input.value = data.csrf_token;
        });
        var timestamp = document.querySelector("form[data-comment-form] input[name=timestamp]");
        if (timestamp) timestamp.value = data.timestamp;
      })
      .catch(function () { /* the values in the page still work, or the server explains */ });
  }

  // The reader's own comments awaiting moderation, on every later visit: the page comes from a
  // cache shared by every reader, so it cannot carry them; a never-cached endpoint that trusts
  // only the signed cookie set with each post sends them (comments/views.py held_comments).
  var section = document.querySelector("section[data-held-url]");
  var hasPosted = document.cookie.split("; ").some(function (part) { return part.indexOf("comments_mine=") === 0; });
  if (section && hasPosted && window.fetch) {
    fetch(section.getAttribute("data-held-url"), { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (data && data.comments) data.comments.forEach(showHeld);
      })
      .catch(function () { /* nothing shown: the comment is still with the moderators */ });
  }

  function showHeld(item) {
    if (document.getElementById("comment-" + item.id)) return; // already in the page (its link)
    var template = document.createElement("template");
    template.innerHTML = item.html.trim();
    var node = template.content.firstElementChild;
    if (!node) return;
    var list;
    if (item.parent) {
      var parent = document.getElementById("comment-" + item.parent);
      if (!parent) return; // its thread is on another page of comments
      list = parent.querySelector(":scope > ol.children");
      if (!list) {
        list = document.createElement("ol");
        list.className = "children";
        parent.appendChild(list);
      }
    } else {
      // A new thread goes last, so only on the last page of comments.
      if (section.querySelector(".comment-pagination a[rel=next]")) return;
      list = section.querySelector(":scope > ol.comment-list");
      if (!list) {
        list = document.createElement("ol");
        list.className = "comment-list";
        var empty = section.querySelector("[data-no-comments]");
        if (empty) empty.replaceWith(list);
        else section.querySelector("h2").insertAdjacentElement("afterend", list);
      }
    }
    list.appendChild(node);
  }

  // A refused comment's page: screen readers start at the list of problems.
  var summary = document.querySelector("[data-error-summary]");
  if (summary) summary.focus();

  var form = document.querySelector("form[data-comment-form]");
  if (!form) return;

  var MESSAGES = {
    body: "Please enter your comment!",
    name: "Please enter your name here",
    emailRequired: "Please enter your email address here",
    emailInvalid: "You have entered an incorrect email address!"
  };
  var EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
  var COOKIE = "comment_author";

  function field(name) { return form.elements.namedItem(name); }

  function showError(input, message) {
    clearError(input);
    var feedback = document.createElement("div");
    feedback.className = "invalid-feedback d-block";
    feedback.id = input.id + "_client_error";
    feedback.textContent = message;
    input.classList.add("is-invalid");
    input.setAttribute("aria-invalid", "true");
    input.setAttribute("aria-describedby", (input.dataset.describedby + " " + feedback.id).trim());
    input.insertAdjacentElement("afterend", feedback);
  }

  function clearError(input) {
    if (input.dataset.describedby === undefined) {
      // Remember the help text the server linked, so errors are added to it, not put in its place.
      input.dataset.describedby = input.getAttribute("aria-describedby") || "";
    }
    input.parentElement.querySelectorAll(".invalid-feedback").forEach(function (node) { node.remove(); });
    input.classList.remove("is-invalid");
    input.removeAttribute("aria-invalid");
    if (input.dataset.describedby) input.setAttribute("aria-describedby", input.dataset.describedby);
    else input.removeAttribute("aria-describedby");
  }

  function validate() {
    var problems = [];
    var body = field("body"), name = field("name"), email = field("email");
    [body, name, email].forEach(clearError);
    if (!body.value.trim()) problems.push([body, MESSAGES.body]);
    if (!name.value.trim()) problems.push([name, MESSAGES.name]);
    if (!email.value.trim()) problems.push([email, MESSAGES.emailRequired]);
    else if (!EMAIL.test(email.value.trim())) problems.push([email, MESSAGES.emailInvalid]);
    problems.forEach(function (problem) { showError(problem[0], problem[1]); });
    if (problems.length) problems[0][0].focus();
    return problems.length === 0;
  }

  form.addEventListener("submit", function (event) {
    if (!validate()) event.preventDefault();
  });

  function savedDetails() {
    var match = document.cookie.split("; ").find(function (part) { return part.indexOf(COOKIE + "=") === 0; });
    if (!match) return null;
    try {
      return JSON.parse(decodeURIComponent(match.slice(COOKIE.length + 1)));
    } catch (error) {
      return null;
    }
  }

  var details = savedDetails();
  if (details) {
    [["name", details.name], ["email", details.email], ["website", details.website]].forEach(function (pair) {
      var input = field(pair[0]);
      if (input && !input.value && typeof pair[1] === "string") input.value = pair[1];
    });
    var remember = field("save_details");
    if (remember) remember.checked = true;
  }

  // Reply links work without JavaScript (?replytocom=); with it, the form moves under the comment.
  var respond = document.getElementById("respond");
  var title = respond && respond.querySelector("[data-reply-title]");
  var cancel = document.getElementById("cancel-comment-reply-link");
  var placeholder = null;

  // A Reply link's comment is the <li id="comment-N"> around it; its author's name is in its header.
  function replyTo(link) {
    var item = link.closest("li.comment");
    var author = item && item.querySelector(":scope > article .comment__author");
    if (!item || !author || !respond) return false;
    if (!placeholder) {
      placeholder = document.createElement("div");
      placeholder.hidden = true;
      respond.parentNode.insertBefore(placeholder, respond);
    }
    item.querySelector("article").insertAdjacentElement("afterend", respond);
    field("parent").value = item.id.slice("comment-".length);
    title.textContent = "Leave a Reply to " + author.textContent;
    cancel.hidden = false;
    field("body").focus();
    return true;
  }

  function cancelReply() {
    field("parent").value = "";
    title.textContent = "Leave a Reply";
    cancel.hidden = true;
    if (placeholder) placeholder.parentNode.insertBefore(respond, placeholder);
  }

  // The Reply links: their ?replytocom= address is what works without JavaScript.
  document.querySelectorAll(".comment-list li.comment > article > footer > a[href*='replytocom=']").forEach(function (link) {
    link.addEventListener("click", function (event) {
      if (replyTo(link)) event.preventDefault();
    });
  });
  if (cancel) {
    cancel.addEventListener("click", function (event) {
      if (!placeholder) return; // a reply chosen by URL: follow the link to the plain form
      event.preventDefault();
      cancelReply();
    });
  }
})();
