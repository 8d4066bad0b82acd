// PostCSS pipeline for Tailwind (v3: pure JavaScript, no native binaries to install).
export default { plugins: { tailwindcss: {}, autoprefixer: {} } };
