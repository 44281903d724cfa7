import { Form, useSearchParams } from "@remix-run/react";
import { Button, ButtonGroup, Card, InlineStack, Select, TextField } from "@shopify/polaris";
import { useState } from "react";
import { addDays } from "../../analytics/days";
import { RANGE_PRESETS, type AnalyticsQuery } from "../../analytics/query";
import { useAppUrl } from "../../i18n/locale-url";
import { useT } from "../../i18n/use-t";

// The period and the platform: a plain GET form (it works before the page's script has loaded), and presets
// for the last 7, 30 and 90 days.

export function AnalyticsFilters({ query, today }: { query: AnalyticsQuery; today: string }) {
  const t = useT();
  const url = useAppUrl();
  const [params] = useSearchParams();
  const locale = params.get("locale");
  const [from, setFrom] = useState(query.from);
  const [to, setTo] = useState(query.to);
  const [provider, setProvider] = useState(query.provider ?? "");
  const preset = (days: number) => {
    const params = new URLSearchParams({ from: addDays(today, -(days - 1)), to: today });
    if (query.provider) params.set("provider", query.provider);
    return url(`/app/analytics?${params.toString()}`);
  };
  return (
    <Card>
      <Form method="get" aria-label={t("analytics.filter.label")}>
        {locale ? <input type="hidden" name="locale" value={locale} /> : null}
        <InlineStack gap="400" blockAlign="end" wrap>
          <ButtonGroup variant="segmented">
            {RANGE_PRESETS.map((days) => (
              <Button key={days} url={preset(days)} pressed={query.to === today && query.from === addDays(today, -(days - 1))}>
                {t("analytics.filter.last", { count: days })}
              </Button>
            ))}
          </ButtonGroup>
          <div style={{ width: "10.5rem" }}>
            <TextField label={t("analytics.filter.from")} type="date" name="from" value={from} onChange={setFrom} autoComplete="off" max={to} />
          </div>
          <div style={{ width: "10.5rem" }}>
            <TextField label={t("analytics.filter.to")} type="date" name="to" value={to} onChange={setTo} autoComplete="off" min={from} />
          </div>
          <div style={{ minWidth: "12rem" }}>
            <Select
              label={t("analytics.filter.provider")}
              name="provider"
              value={provider}
              onChange={setProvider}
              options={[
                { label: t("analytics.filter.allProviders"), value: "" },
                { label: t("provider.IFRETURNS"), value: "IFRETURNS" },
                { label: t("provider.REVER"), value: "REVER" },
              ]}
            />
          </div>
          <Button submit>{t("analytics.filter.apply")}</Button>
        </InlineStack>
      </Form>
    </Card>
  );
}
