import { Text } from "@shopify/polaris";
import { dateTimeUtc, relativeTime } from "../i18n/format";
import { useT } from "../i18n/use-t";

/** "5 minutes ago" against the loader's clock; the exact UTC time in the title and the datetime attribute. */
export function RelativeTime({ iso, now }: { iso: string | null; now: string }) {
  const t = useT();
  if (!iso) {
    return (
      <Text as="span" tone="subdued">
        {t("common.never")}
      </Text>
    );
  }
  return (
    <time dateTime={iso} title={dateTimeUtc(t.locale, iso)}>
      {relativeTime(t.locale, iso, now)}
    </time>
  );
}
