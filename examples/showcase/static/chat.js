// The chat room's client: a WebSocket to /chat/ws, or, when that fails,
// an EventSource on /chat/events with messages sent by fetch POST. No
// framework, no inline script (the page has a strict CSP), and messages
// are added with textContent, never as markup.
(function () {
  "use strict";

  var form = document.getElementById("chat-form");
  var input = document.getElementById("chat-text");
  var list = document.getElementById("chat-messages");
  var status = document.getElementById("chat-status");
  var name = document.getElementById("chat-name");
  var tokenMeta = document.querySelector('meta[name="csrf-token"]');
  var token = tokenMeta ? tokenMeta.content : "";

  // send is how a message leaves: by the WebSocket or by POST. null while
  // not connected (the form then posts itself, without JavaScript's help).
  var send = null;

  function setStatus(text) {
    status.textContent = text;
  }

  function append(m) {
    if (typeof m.from !== "string" || typeof m.text !== "string") {
      return;
    }
    var li = document.createElement("li");
    var from = document.createElement("b");
    from.className = "from";
    from.textContent = m.from;
    var text = document.createElement("span");
    text.className = "text";
    text.textContent = m.text;
    li.appendChild(from);
    li.appendChild(document.createTextNode(": "));
    li.appendChild(text);
    list.appendChild(li);
    li.scrollIntoView({ block: "nearest" });
  }

  function parse(data) {
    try {
      return JSON.parse(data);
    } catch (e) {
      return null;
    }
  }

  function connectWebSocket() {
    var url = (location.protocol === "https:" ? "wss://" : "ws://") + location.host + form.dataset.ws;
    var sock;
    try {
      sock = new WebSocket(url);
    } catch (e) {
      connectSSE();
      return;
    }
    var joined = false;
    sock.onmessage = function (e) {
      var m = parse(e.data);
      if (!m) {
        return;
      }
      if (typeof m.you === "string") {
        // The server has put this connection in the room.
        joined = true;
        name.textContent = m.you;
        send = function (text) {
          try {
            sock.send(text);
            return Promise.resolve();
          } catch (err) {
            return Promise.reject(err);
          }
        };
        setStatus("connected via WebSocket");
        return;
      }
      append(m);
    };
    sock.onclose = function () {
      send = null;
      if (!joined) {
        // No WebSocket here (a proxy, a firewall): use SSE instead.
        connectSSE();
        return;
      }
      setStatus("disconnected; reconnecting…");
      setTimeout(connectWebSocket, 2000);
    };
  }

  function connectSSE() {
    var events = new EventSource(form.dataset.events);
    events.onopen = function () {
      send = post;
      setStatus("connected via SSE");
    };
    events.onmessage = function (e) {
      var m = parse(e.data);
      if (m) {
        append(m);
      }
    };
    events.onerror = function () {
      // EventSource reconnects by itself, resuming with Last-Event-ID.
      send = null;
      setStatus("disconnected; reconnecting…");
    };
  }

  function post(text) {
    var body = new URLSearchParams();
    body.set("text", text);
    return fetch(form.action, {
      method: "POST",
      headers: { "X-CSRF-Token": token },
      body: body,
      credentials: "same-origin"
    }).then(function (resp) {
      if (!resp.ok) {
        throw new Error("sending failed: " + resp.status);
      }
    });
  }

  form.addEventListener("submit", function (e) {
    if (!send) {
      return; // not connected: let the form post itself
    }
    e.preventDefault();
    var text = input.value.trim();
    if (text === "") {
      return;
    }
    send(text).then(function () {
      input.value = "";
      input.focus();
    }, function (err) {
      setStatus(err.message);
    });
  });

  // ?transport=sse skips the WebSocket, to try the fallback.
  if (new URLSearchParams(location.search).get("transport") === "sse" || !("WebSocket" in window)) {
    connectSSE();
  } else {
    connectWebSocket();
  }
})();
