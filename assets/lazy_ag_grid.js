/* dash_ag_grid, loaded when the first grid is drawn rather than with the page (issue 11: first load <= 1 MB).
 *
 * Its bundle (1.3 MB, 285 KB brotli) is the largest script of the page, and the grids only appear when the
 * data table scrolls into view (TABLE_VISIBLE). app.py keeps the bundle out of the page's <script> tags
 * (dash_ag_grid's _js_dist entry made "dynamic", still served at its URL); this file stands in for it:
 * window.dash_ag_grid.AgGrid renders an empty placeholder until the real bundle, fetched on first use, is there.
 * The stand-in stays the component Dash resolves, so a grid is mounted once, by the real AgGrid inside it.
 */
(function () {
    "use strict";
    var React = window.React;
    var url = "/_dash-component-suites/dash_ag_grid/dash_ag_grid.min.js";
    var stub;
    var loading = null;

    function load() {
        if (!loading) {
            loading = new Promise(function (resolve, reject) {
                var script = document.createElement("script");
                script.src = url;
                script.async = true;
                script.onload = function () {
                    var real = window.dash_ag_grid;
                    // The bundle replaced window.dash_ag_grid: keep its API, keep the stand-in as the component.
                    window.dash_ag_grid = Object.assign({}, real, {AgGrid: stub});
                    ["dashPersistence", "dashChildrenUpdate", "propTypes"].forEach(function (key) {
                        if (real.AgGrid[key] !== undefined) {
                            stub[key] = real.AgGrid[key];
                        }
                    });
                    resolve(real);
                };
                script.onerror = function (err) {
                    loading = null;
                    reject(err);
                };
                document.head.appendChild(script);
            });
        }
        return loading;
    }

    var Real = React.lazy(function () {
        return load().then(function (real) {
            return {default: real.AgGrid};
        });
    });

    stub = function AgGrid(props) {
        var placeholder = React.createElement("div", {id: props.id, className: props.className, style: props.style});
        return React.createElement(React.Suspense, {fallback: placeholder}, React.createElement(Real, props));
    };

    window.dash_ag_grid = {
        AgGrid: stub,
        getApi: function () {
            throw new Error("dash_ag_grid is not loaded yet: use getApiAsync");
        },
        getApiAsync: function (id) {
            return load().then(function (real) {
                return real.getApiAsync(id);
            });
        },
    };
})();
