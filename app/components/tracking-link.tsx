import { Link, Text } from "@shopify/polaris";
import { safeHttpUrl } from "../security/safe-url";

// A tracking number, linked to its tracking page only when that page is an http(s) URL: a stored value from
// before the check (or any other scheme) is shown as plain text, never as a `javascript:` link.
export function TrackingLink({ number, url }: { number: string; url: string | null | undefined }) {
  const href = safeHttpUrl(url);
  return href ? (
    <Link url={href} target="_blank">
      {number}
    </Link>
  ) : (
    <Text as="span">{number}</Text>
  );
}
