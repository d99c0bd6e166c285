// Eleventy 1 configuration of the demo site "Mairie de Vigie-sur-Loire".
// vigie reads this file as text (it never runs it) to learn the site's settings.
const markdownIt = require("markdown-it");
const pluginNavigation = require("@11ty/eleventy-navigation");

module.exports = function (eleventyConfig) {
  eleventyConfig.addPlugin(pluginNavigation);

  // Short names for layouts: `layout: page` in front matter.
  eleventyConfig.addLayoutAlias("base", "layouts/base.njk");
  eleventyConfig.addLayoutAlias("home", "layouts/home.njk");
  eleventyConfig.addLayoutAlias("page", "layouts/page.njk");
  eleventyConfig.addLayoutAlias("post", "layouts/post.njk");

  eleventyConfig.addPassthroughCopy({ assets: "assets" });
  eleventyConfig.addPassthroughCopy("favicon.svg");

  // Bare addresses such as www.service-public.fr become links.
  const markdownLibrary = markdownIt({ html: true, linkify: true });
  eleventyConfig.setLibrary("md", markdownLibrary);

  eleventyConfig.addFilter("dateFr", (date) =>
    new Date(date).toLocaleDateString("fr-FR", { dateStyle: "long" })
  );

  return {
    templateFormats: ["md", "njk", "html"],
    markdownTemplateEngine: "njk",
    dir: {
      input: ".",
      includes: "_includes",
      data: "_data",
      output: "_site",
    },
  };
};
