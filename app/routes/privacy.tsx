import type { MetaFunction } from "@remix-run/node";
import { useT } from "../i18n/use-t";
import { PRIVACY_POLICY } from "../privacy/privacy-policy";

// GET /privacy: the privacy policy (App Store listing requirement), public, in the visitor's language.
export const meta: MetaFunction = () => [{ title: "Returns Bridge · Privacy" }];

export default function Privacy() {
  const t = useT();
  const policy = PRIVACY_POLICY[t.locale];
  return (
    <main style={{ maxWidth: 720, margin: "0 auto", padding: "48px 24px", fontFamily: "-apple-system, BlinkMacSystemFont, 'San Francisco', 'Segoe UI', Roboto, sans-serif", lineHeight: 1.5, color: "#303030" }}>
      <h1 style={{ fontSize: 32, marginBottom: 4 }}>{policy.title}</h1>
      <p>{policy.updated}</p>
      {policy.sections.map((s) => (
        <section key={s.heading}>
          <h2 style={{ fontSize: 20, marginTop: 28 }}>{s.heading}</h2>
          {s.paragraphs.map((p) => (
            <p key={p.slice(0, 40)}>{p}</p>
          ))}
        </section>
      ))}
      <p style={{ marginTop: 32 }}>
        <a href="/">{t("landing.title")}</a>
      </p>
    </main>
  );
}
