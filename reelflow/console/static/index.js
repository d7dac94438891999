// The run list: every run paused at a review (re-read every few seconds), and a start form.
"use strict";

const examples = {};

async function loadRuns() {
  const response = await fetch("/api/runs");
  if (response.status === 401) return location.assign("/login?next=/");
  const { runs } = await response.json();
  const body = document.getElementById("runs");
  body.replaceChildren(
    ...(runs.length
      ? runs.map((run) =>
          el("tr", {},
            el("td", {}, el("a", { href: `/review/${run.run_id}` }, run.run_name)),
            el("td", {}, run.video_type),
            el("td", {}, run.stage),
            el("td", {}, `v${run.version}`),
            el("td", {}, new Date(run.paused_at).toLocaleString())))
      : [el("tr", {}, el("td", { colSpan: 5, className: "muted" }, "Nothing is waiting."))]),
  );
}

async function loadTypes() {
  const { types, examples: found } = await (await fetch("/api/types")).json();
  Object.assign(examples, found);
  const select = document.getElementById("type");
  select.replaceChildren(...types.map((t) => el("option", { value: t }, t)));
  const fill = () => {
    const brief = { ...(examples[select.value] || {}) };
    delete brief.video_type;
    document.getElementById("brief").value = JSON.stringify(brief, null, 2);
  };
  select.onchange = fill;
  fill();
}

const socket = new CreatorSocket((message) => {
  if (message.status === "started") location.assign(`/review/${message.run_id}`);
  else if (message.status === "error") toast(message.message);
});

document.getElementById("start").onclick = () => {
  let payload;
  try {
    payload = JSON.parse(document.getElementById("brief").value);
  } catch (problem) {
    return toast(`The brief is not JSON: ${problem.message}`);
  }
  socket.send({ action: "start", video_type: document.getElementById("type").value, payload });
};

loadTypes();
loadRuns();
setInterval(loadRuns, 3000);
