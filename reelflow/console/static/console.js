// The /ws/creator socket for the console's pages: reconnects by itself and re-attaches to the
// run it watched, so a dropped connection loses nothing. Credentials ride on the login cookie.
"use strict";

class CreatorSocket {
  constructor(onMessage, onOpen) {
    this.onMessage = onMessage;
    this.onOpen = onOpen || (() => {});
    this.delay = 500;
    this.queue = [];
    this.connect();
  }

  connect() {
    const scheme = location.protocol === "https:" ? "wss" : "ws";
    this.ws = new WebSocket(`${scheme}://${location.host}/ws/creator`);
    this.ws.onopen = () => {
      this.delay = 500;
      this.onOpen(this);
      for (const message of this.queue.splice(0)) this.send(message);
    };
    this.ws.onmessage = (event) => this.onMessage(JSON.parse(event.data));
    this.ws.onclose = () => {
      toast("Connection lost; reconnecting…", "warn");
      setTimeout(() => this.connect(), this.delay);
      this.delay = Math.min(this.delay * 2, 8000);
    };
  }

  send(message) {
    if (this.ws.readyState === WebSocket.OPEN) this.ws.send(JSON.stringify(message));
    else this.queue.push(message);
  }
}

function toast(text, kind = "bad", ms = 6000) {
  let box = document.getElementById("toast");
  if (!box) {
    box = el("div", { id: "toast" });
    document.body.append(box);
  }
  const note = el("div", { className: `banner ${kind}`, role: "status" }, text);
  box.append(note);
  setTimeout(() => note.remove(), ms);
}

// A tiny element builder: el("p", {className: "x"}, "text", child, ...). Text is never HTML.
function el(tag, props = {}, ...children) {
  const node = Object.assign(document.createElement(tag), props);
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}
