// Honours the EHR's smart_style_url (SMART App Launch 2.2, "Styling"): colours, fonts, sizes become CSS variables.
const mapping = {
  color_background: '--color-background',
  color_text: '--color-text',
  color_highlight: '--color-highlight',
  color_error: '--color-error',
  color_success: '--color-success',
  dim_border_radius: '--radius',
  dim_spacing_size: '--spacing',
  dim_font_size: '--font-size',
  font_family_body: '--font-body',
  font_family_heading: '--font-heading',
};

export async function applySmartStyle(url) {
  if (!url) return;
  try {
    const response = await fetch(url, { credentials: 'omit' });
    if (!response.ok) return;
    const style = await response.json();
    for (const [key, variable] of Object.entries(mapping)) {
      const value = style[key];
      // Only plain values: a style sheet must not inject CSS.
      if (typeof value === 'string' && /^[#\w\s.,'"%()-]+$/.test(value)) document.documentElement.style.setProperty(variable, value);
    }
  } catch {
    // The EHR's style is optional; the app keeps its own.
  }
}
