// The report's stylesheet; colours follow parseResult (user green, agent magenta, tool call red, ...).
export const HTML_STYLE = `
:root { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; color: #1f2328; background: #f6f8fa; }
body { margin: 0; padding: 20px 28px; }
h1 { font-size: 20px; margin: 0 0 4px; } h2 { font-size: 15px; margin: 0 0 8px; }
.meta { color: #57606a; font-size: 13px; margin-bottom: 16px; }
.cards { display: flex; gap: 10px; flex-wrap: wrap; margin-bottom: 16px; }
.card { background: #fff; border: 1px solid #d0d7de; border-radius: 6px; padding: 8px 14px; min-width: 84px; }
.card b { display: block; font-size: 22px; } .card span { font-size: 12px; color: #57606a; }
.card.passed b { color: #1a7f37; } .card.failed b { color: #cf222e; }
.card.error b { color: #8250df; } .card.skipped b { color: #6e7781; }
.charts { display: flex; gap: 16px; flex-wrap: wrap; margin-bottom: 16px; }
.panel { background: #fff; border: 1px solid #d0d7de; border-radius: 6px; padding: 12px; overflow-x: auto; }
.chart text { font-size: 11px; fill: #57606a; } .chart text.mark { fill: #bf3989; }
.controls { display: flex; gap: 8px; flex-wrap: wrap; align-items: center; margin: 8px 0 12px; }
.controls input, .controls select {
  font: inherit; font-size: 13px; padding: 4px 8px; border: 1px solid #d0d7de; border-radius: 6px; background: #fff;
}
.controls input { min-width: 260px; } #count { color: #57606a; font-size: 13px; }
.conv { background: #fff; border: 1px solid #d0d7de; border-radius: 6px; margin-bottom: 4px; }
.conv > .head {
  display: flex; gap: 10px; align-items: center; width: 100%; text-align: left; background: none; border: 0;
  padding: 6px 10px; font: inherit; font-size: 13px; cursor: pointer;
}
.conv > .head:hover { background: #f6f8fa; }
.sym { width: 16px; font-weight: bold; } .file { color: #57606a; } .dur { margin-left: auto; color: #57606a; }
.tag { background: #ddf4ff; color: #0969da; border-radius: 10px; padding: 0 7px; font-size: 11px; }
.s-passed .sym { color: #1a7f37; } .s-failed .sym { color: #cf222e; } .s-error .sym { color: #8250df; }
.s-skipped .sym, .s-interrupted .sym { color: #6e7781; }
.detail { border-top: 1px solid #d0d7de; padding: 8px 12px 12px; font-size: 13px; }
.turn { margin: 8px 0; } .turn-head { font-weight: 600; color: #57606a; font-size: 12px; margin-bottom: 2px; }
.line {
  font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: 12px; white-space: pre-wrap;
  word-break: break-word; padding: 1px 0;
}
.k-user { color: #1a7f37; } .k-agent { color: #a626a4; }
.k-toolCall { color: #cf222e; } .k-toolResponse { color: #9a6700; }
.k-transfer { color: #0e7490; } .k-payload { color: #0550ae; }
.k-variables { color: #6639ba; } .k-other { color: #57606a; }
.a { font-size: 12px; padding: 1px 0 1px 12px; }
.a-passed { color: #1a7f37; } .a-failed, .a-error { color: #cf222e; } .a-skipped { color: #6e7781; }
.a .loc, .err .loc { color: #57606a; margin-left: 6px; }
audio { height: 32px; vertical-align: middle; margin-left: 6px; }
.err { color: #8250df; font-size: 12px; padding: 2px 0; }
.golden { width: 100%; border-collapse: collapse; margin-top: 6px; table-layout: fixed; }
.golden th, .golden td {
  border: 1px solid #d0d7de; padding: 4px 6px; vertical-align: top; font-size: 12px; text-align: left;
}
.golden td pre { margin: 0; white-space: pre-wrap; word-break: break-word; }
.golden td.exp { background: #ffebe9; } .golden td.act { background: #dafbe1; }
.section { font-weight: 600; margin-top: 10px; font-size: 12px; color: #57606a; }
.reason {
  color: #cf222e; font-size: 12px; flex: 1 1 auto; min-width: 0; overflow: hidden; text-overflow: ellipsis;
  white-space: nowrap;
}
.s-skipped .reason, .s-interrupted .reason { color: #6e7781; }
.words { margin: 2px 0 4px 12px; } .words .line { color: #1f2328; }
del { background: #ffcecb; text-decoration: line-through; } ins { background: #aceebb; text-decoration: none; }
#comparison td { overflow-wrap: anywhere; } #comparison .cmp-flip { margin-top: 8px; }
.controls button {
  font: inherit; font-size: 13px; padding: 4px 10px; border: 1px solid #d0d7de; border-radius: 6px; background: #fff;
  cursor: pointer;
}
#coverage { margin: 16px 0; } #coverage h3 { font-size: 13px; margin: 10px 0 4px; } .cov-note { color: #57606a; }
.cov-miss td:first-child { color: #cf222e; } .cov-extra td:first-child { color: #9a6700; }
.cov-hit td:first-child { color: #1a7f37; }
#more { margin: 8px 0; font: inherit; font-size: 13px; padding: 4px 12px; }
`;
