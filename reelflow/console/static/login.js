// Log in with a POST: the console answers with an HttpOnly cookie the socket handshake carries,
// so no secret ever goes into a URL.
"use strict";
document.getElementById("login").addEventListener("submit", async (event) => {
  event.preventDefault();
  const form = new FormData(event.target);
  const response = await fetch("/login", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ user: form.get("user"), password: form.get("password") }),
  });
  if (response.ok) {
    const next = new URLSearchParams(location.search).get("next") || "/";
    location.assign(next.startsWith("/") && !next.startsWith("//") ? next : "/");
  } else {
    document.getElementById("problem").textContent = "Wrong user or password.";
  }
});
