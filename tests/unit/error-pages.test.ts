// When a page fails unexpectedly the person sees that it did, a way to try
// again and a reference to quote — never the error's own text.
import { describe, expect, it } from "vitest";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import ErrorPage from "@/app/error";
import GlobalError from "@/app/global-error";
import OrganizationNotFound from "@/app/o/[org]/not-found";

const noop = () => {};
const leaky = () => Object.assign(new Error("duplicate key value violates unique constraint \"profiles_email_key\" at 10.0.0.7:5432"), { digest: "2417353219" });

describe("error pages", () => {
  it("app/error says something went wrong, offers to try again, and shows the reference, not the message", () => {
    const html = renderToStaticMarkup(createElement(ErrorPage, { error: leaky(), reset: noop, retry: noop }));
    expect(html).toContain("<h1");
    expect(html).toContain("Something went wrong");
    expect(html).toMatch(/<button[^>]*>Try again<\/button>/);
    expect(html).toContain("2417353219");
    expect(html).not.toMatch(/duplicate key|profiles_email_key|10\.0\.0\.7/);
  });

  it("app/global-error brings its own document and leaks nothing either, whatever was thrown", () => {
    for (const error of [leaky(), "secret string", { message: "secret object" }]) {
      const html = renderToStaticMarkup(createElement(GlobalError, { error, reset: noop, retry: noop }));
      expect(html).toMatch(/^<html lang="en">.*<body/);
      expect(html).toContain("Something went wrong");
      expect(html).not.toMatch(/duplicate key|secret/);
    }
  });

  it("shows no reference that is not a digest", () => {
    const html = renderToStaticMarkup(createElement(ErrorPage, { error: Object.assign(new Error("x"), { digest: "<b>not a digest</b>" }), reset: noop, retry: noop }));
    expect(html).not.toContain("not a digest");
    expect(html).not.toContain("reference");
  });

  it("an organization's not-found page says the page is not there", () => {
    expect(renderToStaticMarkup(createElement(OrganizationNotFound))).toContain("Page not found");
  });
});
